using Raif.Modeling.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Raif.Modeling.Layers;

/// <summary>
/// Grouped-query self-attention: query head h reads key/value head h / (heads / kv_heads), as HF's repeat_kv does.
/// Instead of copying K/V once per query head, the query heads of a group are stacked along the sequence axis and
/// attend to their shared K/V in one call, which gives the same numbers without materialising repeated caches.
/// </summary>
internal sealed class SelfAttention : nn.Module
{
    private readonly HfLinear _q, _k, _v, _o;
    private readonly FusedProjection _qkv;
    private readonly int _heads, _kvHeads, _headDim;

    public SelfAttention(ModelConfig c, ScalarType dtype, Device device)
        : base(nameof(SelfAttention))
    {
        _heads = c.NumAttentionHeads;
        _kvHeads = c.NumKeyValueHeads;
        _headDim = c.HeadDim;
        _qkv = new FusedProjection(c.HiddenSize, [(long)_heads * _headDim, (long)_kvHeads * _headDim, (long)_kvHeads * _headDim], c.QkvBias, dtype, device);
        (_q, _k, _v) = (_qkv.Parts[0], _qkv.Parts[1], _qkv.Parts[2]);
        _o = new HfLinear((long)_heads * _headDim, c.HiddenSize, c.OutputBias, dtype, device);
        register_module("q_proj", _q);
        register_module("k_proj", _k);
        register_module("v_proj", _v);
        register_module("o_proj", _o);
    }

    internal FusedProjection Qkv => _qkv;

    internal HfLinear Output => _o;

    internal int Heads => _heads;

    internal int KvHeads => _kvHeads;

    internal int HeadDim => _headDim;

    /// <param name="attend">The mask from <see cref="AttentionMasks.Causal"/>, laid out for the stacked query heads
    /// by <see cref="AttentionMasks.ForGroups"/> (once per forward, not once per layer).</param>
    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor attend, KvCache? cache, int layer)
    {
        long b = x.shape[0], t = x.shape[1];
        long queryWidth = (long)_heads * _headDim, keyWidth = (long)_kvHeads * _headDim;
        Tensor q, k, v;
        if (_qkv.TryApply(x) is { } qkv)
        {
            // Queries and keys sit side by side in the fused output: rotate all their heads in one pass.
            var qk = qkv.narrow(-1, 0, queryWidth + keyWidth).view(b, t, _heads + _kvHeads, _headDim).transpose(1, 2);
            qk = RotaryEmbedding.Apply(qk, cos, sin);
            q = qk.narrow(1, 0, _heads);
            k = qk.narrow(1, _heads, _kvHeads);
            v = qkv.narrow(-1, queryWidth + keyWidth, keyWidth).view(b, t, _kvHeads, _headDim).transpose(1, 2);
        }
        else
        {
            q = RotaryEmbedding.Apply(_q.forward(x).view(b, t, _heads, _headDim).transpose(1, 2), cos, sin);
            k = RotaryEmbedding.Apply(_k.forward(x).view(b, t, _kvHeads, _headDim).transpose(1, 2), cos, sin);
            v = _v.forward(x).view(b, t, _kvHeads, _headDim).transpose(1, 2);
        }
        if (cache is not null)
            (k, v) = cache.Append(layer, k, v);
        int groups = _heads / _kvHeads;
        Tensor output;
        if (groups == 1)
        {
            output = nn.functional.scaled_dot_product_attention(q, k, v, attend);
        }
        else
        {
            var stacked = q.reshape(b, _kvHeads, groups * t, _headDim);
            output = nn.functional.scaled_dot_product_attention(stacked, k, v, attend).view(b, _heads, t, _headDim);
        }
        return _o.forward(output.transpose(1, 2).reshape(b, t, queryWidth));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _qkv.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>The SiLU-gated feed-forward block: down(silu(gate(x)) * up(x)).</summary>
internal sealed class GatedMlp : nn.Module<Tensor, Tensor>
{
    private readonly HfLinear _gate, _up, _down;
    private readonly FusedProjection _gateUp;
    private readonly long _intermediate;

    public GatedMlp(ModelConfig c, ScalarType dtype, Device device)
        : base(nameof(GatedMlp))
    {
        _intermediate = c.IntermediateSize;
        _gateUp = new FusedProjection(c.HiddenSize, [c.IntermediateSize, c.IntermediateSize], c.MlpBias, dtype, device);
        (_gate, _up) = (_gateUp.Parts[0], _gateUp.Parts[1]);
        _down = new HfLinear(c.IntermediateSize, c.HiddenSize, c.MlpBias, dtype, device);
        register_module("gate_proj", _gate);
        register_module("up_proj", _up);
        register_module("down_proj", _down);
    }

    internal FusedProjection GateUp => _gateUp;

    internal HfLinear Down => _down;

    internal long Intermediate => _intermediate;

    public override Tensor forward(Tensor x)
    {
        if (_gateUp.TryApply(x) is { } both)
            return _down.forward(nn.functional.silu(both.narrow(-1, 0, _intermediate)) * both.narrow(-1, _intermediate, _intermediate));
        return _down.forward(nn.functional.silu(_gate.forward(x)) * _up.forward(x));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _gateUp.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>A pre-norm decoder block: x + attn(norm(x)), then x + mlp(norm(x)).</summary>
internal sealed class DecoderLayer : nn.Module
{
    private readonly RmsNorm _inputNorm, _postAttentionNorm;
    private readonly SelfAttention _attention;
    private readonly GatedMlp _mlp;
    private readonly int _index;

    public DecoderLayer(ModelConfig c, int index, ScalarType dtype, Device device)
        : base(nameof(DecoderLayer))
    {
        _index = index;
        Window = c.LayerWindows.Count > index ? c.LayerWindows[index] : null;
        _inputNorm = new RmsNorm(c.HiddenSize, c.RmsNormEps, dtype, device);
        _attention = new SelfAttention(c, dtype, device);
        _postAttentionNorm = new RmsNorm(c.HiddenSize, c.RmsNormEps, dtype, device);
        _mlp = new GatedMlp(c, dtype, device);
        register_module("input_layernorm", _inputNorm);
        register_module("self_attn", _attention);
        register_module("post_attention_layernorm", _postAttentionNorm);
        register_module("mlp", _mlp);
    }

    /// <summary>The sliding attention window of this layer, or null for full attention.</summary>
    public int? Window { get; }

    internal RmsNorm InputNorm => _inputNorm;

    internal SelfAttention Attention => _attention;

    internal RmsNorm PostAttentionNorm => _postAttentionNorm;

    internal GatedMlp Mlp => _mlp;

    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor attend, KvCache? cache)
    {
        var h = x + _attention.Forward(_inputNorm.forward(x), cos, sin, attend, cache, _index);
        return h + _mlp.forward(_postAttentionNorm.forward(h));
    }
}
