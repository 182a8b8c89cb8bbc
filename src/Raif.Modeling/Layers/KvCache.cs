using Raif.Modeling.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Raif.Modeling.Layers;

/// <summary>
/// Keys and values of every layer for a batch, preallocated to a capacity and filled in place, so a decoding step
/// writes one column instead of re-concatenating the whole history (which would make generation quadratic in
/// copies). Grows by doubling if a caller goes past the capacity. Owned tensors live outside any dispose scope.
/// A continuous batch (<see cref="Generation.ContinuousBatch"/>) also uses it as slots: only the first
/// <see cref="Rows"/> rows are active, and columns before <see cref="Start"/> are padding of every active row, so
/// attention reads only [Start, Length).
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
        Rows = _rowCapacity = Math.Max(1, batch);
        for (int i = 0; i < _keys.Length; i++)
        {
            _keys[i] = zeros([batch, config.NumKeyValueHeads, Capacity, config.HeadDim], dtype, device).DetachFromDisposeScope();
            _values[i] = zeros([batch, config.NumKeyValueHeads, Capacity, config.HeadDim], dtype, device).DetachFromDisposeScope();
        }
    }

    /// <summary>Positions filled so far (prompt plus generated tokens, padding included).</summary>
    public long Length { get; private set; }

    public long Capacity { get; private set; }

    /// <summary>Active batch rows (rows after them are free slots).</summary>
    public long Rows { get; private set; }

    /// <summary>First column attended to: every active row's tokens start at or after it.</summary>
    public long Start { get; private set; }

    private long _rowCapacity;

    /// <summary>Makes room for <paramref name="extra"/> more positions.</summary>
    internal void Reserve(long extra)
    {
        if (Length + extra <= Capacity)
            return;
        long capacity = Math.Max(Length + extra, Capacity * 2);
        for (int i = 0; i < _keys.Length; i++)
        {
            _keys[i] = Grow(_keys[i], ColumnDimension, capacity);
            _values[i] = Grow(_values[i], ColumnDimension, capacity);
        }
        Capacity = capacity;
    }

    private const int RowDimension = 0;
    private const int ColumnDimension = 2;

    /// <summary>A larger zeroed tensor along <paramref name="dimension"/> (rows or columns) holding the live window of <paramref name="old"/>.</summary>
    private Tensor Grow(Tensor old, int dimension, long capacity)
    {
        using var scope = NewDisposeScope();
        var shape = old.shape;
        shape[dimension] = capacity;
        var grown = zeros(shape, old.dtype, old.device);
        grown.narrow(RowDimension, 0, Rows).narrow(ColumnDimension, Start, Length - Start)
            .copy_(old.narrow(RowDimension, 0, Rows).narrow(ColumnDimension, Start, Length - Start));
        old.Dispose();
        return grown.DetachFromDisposeScope();
    }

    /// <summary>Writes this step's keys/values of one layer after the filled part; returns all filled positions.</summary>
    internal (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        long t = keys.shape[2];
        Tensor k = _keys[layer], v = _values[layer];
        if (Rows != _rowCapacity)
        {
            k = k.narrow(0, 0, Rows);
            v = v.narrow(0, 0, Rows);
        }
        k.narrow(2, Length, t).copy_(keys);
        v.narrow(2, Length, t).copy_(values);
        return (k.narrow(2, Start, Length + t - Start), v.narrow(2, Start, Length + t - Start));
    }

    /// <summary>Layer <paramref name="layer"/>'s whole key buffer [row capacity, kv heads, Capacity, head dim].</summary>
    internal Tensor KeyBuffer(int layer) => _keys[layer];

    /// <summary>Layer <paramref name="layer"/>'s whole value buffer, laid out as <see cref="KeyBuffer"/>.</summary>
    internal Tensor ValueBuffer(int layer) => _values[layer];

    /// <summary>Keeps only the batch rows listed in <paramref name="index"/> (rows that finished generating leave).</summary>
    internal void SelectRows(Tensor index)
    {
        for (int i = 0; i < _keys.Length; i++)
        {
            _keys[i] = Keep(_keys[i], index);
            _values[i] = Keep(_values[i], index);
        }
    }

    private Tensor Keep(Tensor old, Tensor index)
    {
        var kept = old.index_select(0, index).DetachFromDisposeScope();
        old.Dispose();
        Rows = _rowCapacity = kept.shape[0];
        return kept;
    }

    // Slot operations of a continuous batch. Rows keep their tokens right-aligned at Length, contiguous, so a
    // sequence's column distance is its position distance (sliding windows stay right) and no per-row gather is needed.

    /// <summary>Sets the number of active rows, growing the row slots (by doubling) when needed.</summary>
    internal void SetRows(long rows)
    {
        if (rows > _rowCapacity)
        {
            long capacity = Math.Max(rows, _rowCapacity * 2);
            for (int i = 0; i < _keys.Length; i++)
            {
                _keys[i] = Grow(_keys[i], RowDimension, capacity);
                _values[i] = Grow(_values[i], RowDimension, capacity);
            }
            _rowCapacity = capacity;
        }
        Rows = rows;
    }

    /// <summary>Empties the cache (no rows, no columns) without freeing it.</summary>
    internal void Clear()
    {
        Rows = 0;
        Start = 0;
        Length = 0;
    }

    /// <summary>Copies the filled columns [Start, Length) of row <paramref name="from"/> over row <paramref name="to"/>.</summary>
    internal void MoveRow(long from, long to)
    {
        using var scope = NewDisposeScope();
        long width = Length - Start;
        for (int i = 0; i < _keys.Length; i++)
        {
            _keys[i].narrow(0, to, 1).narrow(2, Start, width).copy_(_keys[i].narrow(0, from, 1).narrow(2, Start, width));
            _values[i].narrow(0, to, 1).narrow(2, Start, width).copy_(_values[i].narrow(0, from, 1).narrow(2, Start, width));
        }
    }

    /// <summary>
    /// Writes all filled columns of <paramref name="source"/> (rows picked by <paramref name="sourceRows"/>, or all of
    /// them) into rows from <paramref name="row"/>, ending at column <see cref="Length"/>.
    /// </summary>
    internal void CopyRowsFrom(KvCache source, Tensor? sourceRows, long row)
    {
        using var scope = NewDisposeScope();
        long width = source.Length;
        if (width > Length)
            throw new ArgumentException($"{width} columns do not fit before column {Length}");
        for (int i = 0; i < _keys.Length; i++)
        {
            Tensor k = source._keys[i].narrow(0, 0, source.Rows).narrow(2, 0, width), v = source._values[i].narrow(0, 0, source.Rows).narrow(2, 0, width);
            if (sourceRows is not null)
            {
                k = k.index_select(0, sourceRows);
                v = v.index_select(0, sourceRows);
            }
            _keys[i].narrow(0, row, k.shape[0]).narrow(2, Length - width, width).copy_(k);
            _values[i].narrow(0, row, v.shape[0]).narrow(2, Length - width, width).copy_(v);
        }
    }

    /// <summary>
    /// Copies <paramref name="width"/> columns of one row of <paramref name="source"/> (from
    /// <paramref name="sourceColumn"/>) into row <paramref name="row"/> at <paramref name="column"/>: a shared
    /// prompt prefix whose keys and values another sequence already computed.
    /// </summary>
    internal void CopyColumns(KvCache source, long sourceRow, long sourceColumn, long row, long column, long width)
    {
        using var scope = NewDisposeScope();
        for (int i = 0; i < _keys.Length; i++)
        {
            _keys[i].narrow(0, row, 1).narrow(2, column, width).copy_(source._keys[i].narrow(0, sourceRow, 1).narrow(2, sourceColumn, width));
            _values[i].narrow(0, row, 1).narrow(2, column, width).copy_(source._values[i].narrow(0, sourceRow, 1).narrow(2, sourceColumn, width));
        }
    }

    /// <summary>
    /// Moves the filled columns [Start, Length) of the active rows to begin at <paramref name="start"/> (left to
    /// compact, right to make room for a longer prompt), growing the capacity if needed.
    /// </summary>
    internal void MoveWindow(long start)
    {
        long width = Length - Start;
        if (start + width > Capacity)
            Reserve(start + width - Length);
        if (Rows > 0 && width > 0 && start != Start)
        {
            using var scope = NewDisposeScope();
            for (int i = 0; i < _keys.Length; i++)
            {
                // Source and destination may overlap: copy through a temporary.
                var k = _keys[i].narrow(0, 0, Rows);
                var v = _values[i].narrow(0, 0, Rows);
                k.narrow(2, start, width).copy_(k.narrow(2, Start, width).clone());
                v.narrow(2, start, width).copy_(v.narrow(2, Start, width).clone());
            }
        }
        Start = start;
        Length = start + width;
    }

    /// <summary>
    /// Sets the first attended column: the earliest first column of the active rows. Columns in between that a row
    /// does not own must hold finite values (zeros or an earlier row's), since attention masks them by weight 0.
    /// </summary>
    internal void SetStart(long start)
    {
        if (start < 0 || start > Length)
            throw new ArgumentOutOfRangeException(nameof(start), $"{start} is outside [0, {Length}]");
        Start = start;
    }

    /// <summary>Marks <paramref name="count"/> positions as filled (after every layer appended them).</summary>
    internal void Advance(long count) => Length += count;

    public void Dispose()
    {
        foreach (var t in _keys.Concat(_values))
            t.Dispose();
    }
}
