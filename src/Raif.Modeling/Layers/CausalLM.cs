using Raif.Modeling.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Raif.Modeling.Layers;

/// <summary>
/// A decoder-only causal LM (Qwen2 / Llama / Mistral) whose parameters carry HF's names
/// (<c>model.embed_tokens.weight</c>, <c>model.layers.N.self_attn.q_proj.weight</c>, ..., <c>lm_head.weight</c>),
/// so checkpoints load and save name for name. It is an ordinary TorchSharp module: <c>parameters()</c> feed an
/// optimizer, <c>train()</c>/<c>eval()</c> work, and every forward is differentiable unless run under no_grad.
/// </summary>
public sealed class CausalLM : nn.Module
{
    private readonly DecoderStack _model;
    private readonly HfLinear? _lmHead;
    private readonly RotaryEmbedding _rotary;

    public CausalLM(ModelConfig config, ScalarType dtype, Device device)
        : base(nameof(CausalLM))
    {
        Config = config;
        DType = dtype;
        Device = device;
        _model = new DecoderStack(config, dtype, device);
        register_module("model", _model);
        if (!config.TieWordEmbeddings)
        {
            _lmHead = new HfLinear(config.HiddenSize, config.VocabSize, bias: false, dtype, device);
            register_module("lm_head", _lmHead);
        }
        _rotary = new RotaryEmbedding(config, device);
    }

    public ModelConfig Config { get; }

    /// <summary>The dtype parameters are held and computed in.</summary>
    public ScalarType DType { get; }

    public Device Device { get; }

    /// <summary>The output projection: <c>lm_head.weight</c>, or the embedding table when tied.</summary>
    internal Parameter OutputWeight => _lmHead?.Weight ?? _model.Embedding.Weight;

    internal Parameter EmbeddingWeight => _model.Embedding.Weight;

    /// <summary>Whether single-token decoding steps run through <see cref="FusedDecoder"/> (tests compare both paths).</summary>
    internal FusedDecoding FusedDecoding { get; set; } = FusedDecoding.Auto;

    private FusedDecoder? _fusedDecoder;

    private FusedDecoder FusedDecoder => _fusedDecoder ??= new FusedDecoder(_model.Embedding, _model.Layers, _model.Norm, _rotary.InverseFrequencies());

    /// <summary>Whether <see cref="HiddenStates"/> would run these ids through <see cref="FusedDecoder"/> (given contiguous tensors).</summary>
    internal bool DecodesFused(Tensor ids, KvCache? cache) =>
        FusedDecoding != FusedDecoding.Off && FusedDecoder.Applies(FusedDecoding, ids, cache);

    /// <summary>
    /// Final hidden states [B, T, H] for <paramref name="ids"/> [B, T]. <paramref name="keyMask"/> [B, S] marks the
    /// real (1) and padding (0) positions of everything attended to: the cached past (from the cache's
    /// <see cref="KvCache.Start"/>) plus these T tokens.
    /// </summary>
    public Tensor HiddenStates(Tensor ids, Tensor positions, Tensor keyMask, KvCache? cache = null) =>
        HiddenStates([new ForwardPart(ids, positions, keyMask, cache)])[0];

    /// <summary>
    /// Final hidden states of several groups of rows in one forward pass, each [B_i, T_i, H]: every group has its own
    /// tokens, positions, key mask and cache (as in the single-group overload), and the groups share every projection,
    /// so a continuous batch's decoding step and its joiners' prompts cost one pass of layer calls instead of two.
    /// </summary>
    internal Tensor[] HiddenStates(IReadOnlyList<ForwardPart> parts)
    {
        var pasts = new long[parts.Count];
        for (int i = 0; i < parts.Count; i++)
        {
            var (ids, _, keyMask, cache) = parts[i];
            // A continuous batch's cache attends from its Start column: the key mask covers [Start, Length + t).
            long past = pasts[i] = cache is null ? 0 : cache.Length - cache.Start;
            long t = ids.shape[1];
            if (keyMask.shape[1] != past + t)
                throw new ArgumentException($"key mask covers {keyMask.shape[1]} positions, expected {past + t} (cached {past} + new {t})");
            cache?.Reserve(t);
        }
        if (parts is [var one] && DecodesFused(one.Ids, one.Cache) && FusedDecoder.TryStep(one.Ids, one.Positions, one.KeyMask, one.Cache!) is { } fused)
        {
            one.Cache!.Advance(one.Ids.shape[1]);
            return [fused];
        }
        int groups = Config.NumAttentionHeads / Config.NumKeyValueHeads;
        var prepared = new (long Past, Tensor Cos, Tensor Sin, Tensor Full)[parts.Count];
        for (int i = 0; i < parts.Count; i++)
        {
            var (ids, positions, keyMask, _) = parts[i];
            var (cos, sin) = _rotary.Compute(positions, DType);
            prepared[i] = (pasts[i], cos, sin, AttentionMasks.ForGroups(AttentionMasks.Causal(keyMask, pasts[i], ids.shape[1]), groups));
        }
        // Several groups are packed as one row of all their tokens: projections and norms work token by token.
        bool packed = parts.Count > 1;
        var h = _model.Embedding.forward(packed ? cat(parts.Select(p => p.Ids.reshape(1, -1)).ToArray(), 1) : parts[0].Ids);
        var windowed = new Dictionary<(int Part, int Window), Tensor>();
        var attention = new AttentionPart[parts.Count];
        foreach (var layer in _model.Layers)
        {
            for (int i = 0; i < parts.Count; i++)
            {
                var (ids, _, keyMask, cache) = parts[i];
                var (past, cos, sin, attend) = prepared[i];
                if (layer.Window is { } w && !windowed.TryGetValue((i, w), out attend!))
                    windowed[(i, w)] = attend = AttentionMasks.ForGroups(AttentionMasks.Causal(keyMask, past, ids.shape[1], w), groups);
                attention[i] = new AttentionPart(ids.shape[0], ids.shape[1], cos, sin, attend, cache);
            }
            h = layer.Forward(h, attention);
        }
        foreach (var p in parts)
            p.Cache?.Advance(p.Ids.shape[1]);
        h = _model.Norm.forward(h);
        if (!packed)
            return [h];
        var split = new Tensor[parts.Count];
        long offset = 0;
        for (int i = 0; i < parts.Count; i++)
        {
            long b = parts[i].Ids.shape[0], t = parts[i].Ids.shape[1];
            split[i] = h.narrow(1, offset, b * t).view(b, t, h.shape[^1]);
            offset += b * t;
        }
        return split;
    }

    /// <summary>Logits (compute dtype) for hidden states [..., H].</summary>
    public Tensor Logits(Tensor hidden) => Projection.Apply(hidden, OutputWeight);

    /// <summary>Full-sequence logits [B, T, V] for a left- or right-padded batch; positions follow the mask.</summary>
    public Tensor Forward(Tensor ids, Tensor attentionMask) =>
        Logits(HiddenStates(ids, AttentionMasks.PositionIds(attentionMask), attentionMask));

    /// <summary>
    /// The trainer's forward: for a padded batch <paramref name="ids"/> [B, T] with <paramref name="attentionMask"/>
    /// [B, T], the float32 log-probability of each next token, [B, T-1]: entry [b, t] is log p(ids[b, t+1] | ids[b, ..t]).
    /// Position ids come from the mask (cumsum - 1). Gradients flow unless called under no_grad. Entries whose
    /// target is padding are meaningless; mask them with attentionMask[:, 1:].
    /// </summary>
    public Tensor TokenLogProbs(Tensor ids, Tensor attentionMask)
    {
        var hidden = HiddenStates(ids, AttentionMasks.PositionIds(attentionMask), attentionMask);
        long t = ids.shape[1];
        var logits = Logits(hidden.narrow(1, 0, t - 1)).to(ScalarType.Float32);
        return LogProbsOf(logits, ids.narrow(1, 1, t - 1));
    }

    /// <summary>log_softmax(logits)[target] in float32, computed as logit - logsumexp to avoid a second [.., V] tensor.</summary>
    public static Tensor LogProbsOf(Tensor logits, Tensor targets)
    {
        var f = logits.to(ScalarType.Float32);
        return f.gather(-1, targets.unsqueeze(-1)).squeeze(-1) - f.logsumexp(-1);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _rotary.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>The <c>model.</c> prefix of HF's names: embeddings, layers, final norm.</summary>
    private sealed class DecoderStack : nn.Module
    {
        public DecoderStack(ModelConfig c, ScalarType dtype, Device device)
            : base(nameof(DecoderStack))
        {
            Embedding = new HfEmbedding(c.VocabSize, c.HiddenSize, dtype, device);
            Layers = new ModuleList<DecoderLayer>(Enumerable.Range(0, c.NumHiddenLayers).Select(i => new DecoderLayer(c, i, dtype, device)).ToArray());
            Norm = new RmsNorm(c.HiddenSize, c.RmsNormEps, dtype, device);
            register_module("embed_tokens", Embedding);
            register_module("layers", Layers);
            register_module("norm", Norm);
        }

        public HfEmbedding Embedding { get; }

        public ModuleList<DecoderLayer> Layers { get; }

        public RmsNorm Norm { get; }
    }
}
