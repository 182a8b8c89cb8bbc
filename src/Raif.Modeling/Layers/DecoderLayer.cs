using Raif.Modeling.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Raif.Modeling.Layers;

/// <summary>
/// A group of rows in a forward pass: <paramref name="Rows"/> rows of <paramref name="Length"/> new tokens, their
/// rotary tables (see <see cref="RotaryEmbedding.Compute"/>), the attention mask from
/// <see cref="AttentionMasks.Causal"/> laid out by <see cref="AttentionMasks.ForGroups"/>, and the cache they read
/// and extend (null: no cache).
/// </summary>
internal readonly record struct AttentionPart(long Rows, long Length, Tensor Cos, Tensor Sin, Tensor Attend, KvCache? Cache);

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

    /// <summary>
    /// Attention for <paramref name="parts"/>, groups of rows laid one after another in <paramref name="x"/>: one
    /// part is an ordinary batch [B, T, H]; several are packed as [1, sum of B*T, H], share the projections and
    /// attend each to their own cache (a continuous batch's decoding rows and its joiners' prompts in one pass).
    /// </summary>
    public Tensor Forward(Tensor x, IReadOnlyList<AttentionPart> parts, int layer)
    {
        long queryWidth = (long)_heads * _headDim;
        var qkv = _qkv.TryApply(x);
        Tensor? q = null, k = null, v = null;
        if (qkv is null)
            (q, k, v) = (_q.forward(x), _k.forward(x), _v.forward(x));
        if (parts.Count == 1)
            return _o.forward(Attend(qkv, q, k, v, parts[0], layer));
        var outputs = new Tensor[parts.Count];
        long offset = 0;
        for (int i = 0; i < parts.Count; i++)
        {
            var p = parts[i];
            long tokens = p.Rows * p.Length;
            outputs[i] = Attend(qkv?.narrow(1, offset, tokens), q?.narrow(1, offset, tokens), k?.narrow(1, offset, tokens), v?.narrow(1, offset, tokens), p, layer)
                .reshape(1, tokens, queryWidth);
            offset += tokens;
        }
        return _o.forward(cat(outputs, 1));
    }

    /// <summary>One part's attention output [B, T, heads * head_dim], from its slice of the fused or separate projections.</summary>
    private Tensor Attend(Tensor? qkv, Tensor? qs, Tensor? ks, Tensor? vs, AttentionPart part, int layer)
    {
        long b = part.Rows, t = part.Length;
        long queryWidth = (long)_heads * _headDim, keyWidth = (long)_kvHeads * _headDim;
        Tensor q, k, v;
        if (qkv is not null)
        {
            // Queries and keys sit side by side in the fused output: rotate all their heads in one pass.
            var qk = qkv.narrow(-1, 0, queryWidth + keyWidth).view(b, t, _heads + _kvHeads, _headDim).transpose(1, 2);
            qk = RotaryEmbedding.Apply(qk, part.Cos, part.Sin);
            q = qk.narrow(1, 0, _heads);
            k = qk.narrow(1, _heads, _kvHeads);
            v = qkv.narrow(-1, queryWidth + keyWidth, keyWidth).view(b, t, _kvHeads, _headDim).transpose(1, 2);
        }
        else
        {
            q = RotaryEmbedding.Apply(qs!.view(b, t, _heads, _headDim).transpose(1, 2), part.Cos, part.Sin);
            k = RotaryEmbedding.Apply(ks!.view(b, t, _kvHeads, _headDim).transpose(1, 2), part.Cos, part.Sin);
            v = vs!.view(b, t, _kvHeads, _headDim).transpose(1, 2);
        }
        if (part.Cache is not null)
            (k, v) = part.Cache.Append(layer, k, v);
        int groups = _heads / _kvHeads;
        Tensor output;
        if (groups == 1)
        {
            output = nn.functional.scaled_dot_product_attention(q, k, v, part.Attend);
        }
        else
        {
            var stacked = q.reshape(b, _kvHeads, groups * t, _headDim);
            output = nn.functional.scaled_dot_product_attention(stacked, k, v, part.Attend).view(b, _heads, t, _headDim);
        }
        return output.transpose(1, 2).reshape(b, t, queryWidth);
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

    /// <summary>The block over <paramref name="parts"/> laid out in <paramref name="x"/> as <see cref="SelfAttention.Forward"/> describes.</summary>
    public Tensor Forward(Tensor x, IReadOnlyList<AttentionPart> parts)
    {
        var h = x + _attention.Forward(_inputNorm.forward(x), parts, _index);
        return h + _mlp.forward(_postAttentionNorm.forward(h));
    }
}
