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
    private readonly int _heads, _kvHeads, _headDim;

    public SelfAttention(ModelConfig c, ScalarType dtype, Device device)
        : base(nameof(SelfAttention))
    {
        _heads = c.NumAttentionHeads;
        _kvHeads = c.NumKeyValueHeads;
        _headDim = c.HeadDim;
        _q = new HfLinear(c.HiddenSize, (long)_heads * _headDim, c.QkvBias, dtype, device);
        _k = new HfLinear(c.HiddenSize, (long)_kvHeads * _headDim, c.QkvBias, dtype, device);
        _v = new HfLinear(c.HiddenSize, (long)_kvHeads * _headDim, c.QkvBias, dtype, device);
        _o = new HfLinear((long)_heads * _headDim, c.HiddenSize, c.OutputBias, dtype, device);
        register_module("q_proj", _q);
        register_module("k_proj", _k);
        register_module("v_proj", _v);
        register_module("o_proj", _o);
    }

    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor attend, KvCache? cache, int layer)
    {
        long b = x.shape[0], t = x.shape[1];
        var q = _q.forward(x).view(b, t, _heads, _headDim).transpose(1, 2);
        var k = _k.forward(x).view(b, t, _kvHeads, _headDim).transpose(1, 2);
        var v = _v.forward(x).view(b, t, _kvHeads, _headDim).transpose(1, 2);
        q = RotaryEmbedding.Apply(q, cos, sin);
        k = RotaryEmbedding.Apply(k, cos, sin);
        if (cache is not null)
            (k, v) = cache.Append(layer, k, v);
        long s = k.shape[2];
        int groups = _heads / _kvHeads;
        Tensor output;
        if (groups == 1)
        {
            output = nn.functional.scaled_dot_product_attention(q, k, v, attend);
        }
        else
        {
            var stacked = q.reshape(b, _kvHeads, groups * t, _headDim);
            var mask = attend.unsqueeze(2).expand(attend.shape[0], 1, groups, t, s).reshape(attend.shape[0], 1, groups * t, s);
            output = nn.functional.scaled_dot_product_attention(stacked, k, v, mask).view(b, _heads, t, _headDim);
        }
        return _o.forward(output.transpose(1, 2).reshape(b, t, (long)_heads * _headDim));
    }
}

/// <summary>The SiLU-gated feed-forward block: down(silu(gate(x)) * up(x)).</summary>
internal sealed class GatedMlp : nn.Module<Tensor, Tensor>
{
    private readonly HfLinear _gate, _up, _down;

    public GatedMlp(ModelConfig c, ScalarType dtype, Device device)
        : base(nameof(GatedMlp))
    {
        _gate = new HfLinear(c.HiddenSize, c.IntermediateSize, c.MlpBias, dtype, device);
        _up = new HfLinear(c.HiddenSize, c.IntermediateSize, c.MlpBias, dtype, device);
        _down = new HfLinear(c.IntermediateSize, c.HiddenSize, c.MlpBias, dtype, device);
        register_module("gate_proj", _gate);
        register_module("up_proj", _up);
        register_module("down_proj", _down);
    }

    public override Tensor forward(Tensor x) => _down.forward(nn.functional.silu(_gate.forward(x)) * _up.forward(x));
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

    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor attend, KvCache? cache)
    {
        var h = x + _attention.Forward(_inputNorm.forward(x), cos, sin, attend, cache, _index);
        return h + _mlp.forward(_postAttentionNorm.forward(h));
    }
}
