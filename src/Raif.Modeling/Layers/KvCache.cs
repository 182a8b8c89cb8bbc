using Raif.Modeling.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Raif.Modeling.Layers;

/// <summary>
/// Keys and values of every layer for a batch, preallocated to a capacity and filled in place, so a decoding step
/// writes one column instead of re-concatenating the whole history (which would make generation quadratic in
/// copies). Grows by doubling if a caller goes past the capacity. Owned tensors live outside any dispose scope.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor[] _keys;
    private readonly Tensor[] _values;

    public KvCache(ModelConfig config, long batch, long capacity, ScalarType dtype, Device device)
    {
        _keys = new Tensor[config.NumHiddenLayers];
        _values = new Tensor[config.NumHiddenLayers];
        Capacity = Math.Max(1, capacity);
        for (int i = 0; i < _keys.Length; i++)
        {
            _keys[i] = zeros([batch, config.NumKeyValueHeads, Capacity, config.HeadDim], dtype, device).DetachFromDisposeScope();
            _values[i] = zeros([batch, config.NumKeyValueHeads, Capacity, config.HeadDim], dtype, device).DetachFromDisposeScope();
        }
    }

    /// <summary>Positions filled so far (prompt plus generated tokens, padding included).</summary>
    public long Length { get; private set; }

    public long Capacity { get; private set; }

    /// <summary>Makes room for <paramref name="extra"/> more positions.</summary>
    internal void Reserve(long extra)
    {
        if (Length + extra <= Capacity)
            return;
        long capacity = Math.Max(Length + extra, Capacity * 2);
        for (int i = 0; i < _keys.Length; i++)
        {
            _keys[i] = Grow(_keys[i], capacity);
            _values[i] = Grow(_values[i], capacity);
        }
        Capacity = capacity;
    }

    private Tensor Grow(Tensor old, long capacity)
    {
        using var scope = NewDisposeScope();
        var shape = old.shape;
        shape[2] = capacity;
        var grown = zeros(shape, old.dtype, old.device);
        grown.narrow(2, 0, Length).copy_(old.narrow(2, 0, Length));
        old.Dispose();
        return grown.DetachFromDisposeScope();
    }

    /// <summary>Writes this step's keys/values of one layer after the filled part; returns all filled positions.</summary>
    internal (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        long t = keys.shape[2];
        _keys[layer].narrow(2, Length, t).copy_(keys);
        _values[layer].narrow(2, Length, t).copy_(values);
        return (_keys[layer].narrow(2, 0, Length + t), _values[layer].narrow(2, 0, Length + t));
    }

    /// <summary>Keeps only the batch rows listed in <paramref name="index"/> (rows that finished generating leave).</summary>
    internal void SelectRows(Tensor index)
    {
        for (int i = 0; i < _keys.Length; i++)
        {
            _keys[i] = Keep(_keys[i], index);
            _values[i] = Keep(_values[i], index);
        }
    }

    private static Tensor Keep(Tensor old, Tensor index)
    {
        var kept = old.index_select(0, index).DetachFromDisposeScope();
        old.Dispose();
        return kept;
    }

    /// <summary>Marks <paramref name="count"/> positions as filled (after every layer appended them).</summary>
    internal void Advance(long count) => Length += count;

    public void Dispose()
    {
        foreach (var t in _keys.Concat(_values))
            t.Dispose();
    }
}
