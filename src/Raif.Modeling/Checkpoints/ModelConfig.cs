using System.Text.Json.Nodes;

namespace Raif.Modeling.Checkpoints;

/// <summary>The decoder families Raif runs. All share one block; they differ in biases and defaults.</summary>
public enum ModelArchitecture
{
    /// <summary>Qwen2 / Qwen2.5 / DeepSeek-R1-Distill-Qwen: biases on q, k and v only.</summary>
    Qwen2,

    /// <summary>Llama 2/3: biases only where <c>attention_bias</c> / <c>mlp_bias</c> say so.</summary>
    Llama,

    /// <summary>Mistral / Ministral: no biases, optional sliding window.</summary>
    Mistral,
}

/// <summary>RoPE frequency scaling from <c>rope_scaling</c>; only <c>default</c>, <c>linear</c> and <c>llama3</c> exist here.</summary>
public sealed record RopeScaling(
    string Type,
    double Factor,
    double LowFreqFactor = 1.0,
    double HighFreqFactor = 4.0,
    int OriginalMaxPositionEmbeddings = 8192);

/// <summary>
/// The fields of a HuggingFace <c>config.json</c> that define a decoder LM, parsed with HF's defaults. The JSON
/// itself is kept (<see cref="Json"/>) so that saving writes back every field Raif does not interpret.
/// </summary>
public sealed record ModelConfig
{
    public required ModelArchitecture Architecture { get; init; }
    public required int VocabSize { get; init; }
    public required int HiddenSize { get; init; }
    public required int IntermediateSize { get; init; }
    public required int NumHiddenLayers { get; init; }
    public required int NumAttentionHeads { get; init; }
    public required int NumKeyValueHeads { get; init; }
    public required int HeadDim { get; init; }
    public double RmsNormEps { get; init; } = 1e-6;
    public double RopeTheta { get; init; } = 10000.0;
    public RopeScaling? RopeScaling { get; init; }
    public bool TieWordEmbeddings { get; init; }
    /// <summary>Bias on q, k, v (Qwen2 always; Llama when <c>attention_bias</c>).</summary>
    public bool QkvBias { get; init; }
    /// <summary>Bias on o_proj (Llama <c>attention_bias</c> only).</summary>
    public bool OutputBias { get; init; }
    public bool MlpBias { get; init; }
    public int MaxPositionEmbeddings { get; init; } = 32768;
    public double InitializerRange { get; init; } = 0.02;
    public int? BosTokenId { get; init; }
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];
    public int? PadTokenId { get; init; }
    /// <summary>Attention window per layer (null = full attention), from Mistral's <c>sliding_window</c> or Qwen2's <c>use_sliding_window</c>.</summary>
    public IReadOnlyList<int?> LayerWindows { get; init; } = [];
    /// <summary>The stored dtype named by <c>torch_dtype</c> / <c>dtype</c> (e.g. bfloat16), if any.</summary>
    public string? TorchDtype { get; init; }
    /// <summary>The whole config.json as read (or as built), written back on save.</summary>
    public required JsonObject Json { get; init; }

    /// <summary>HF's class name for <see cref="Architecture"/>.</summary>
    public string ArchitectureClass => ModelConfigReader.ClassName(Architecture);

    public int KeyValueGroups => NumAttentionHeads / NumKeyValueHeads;

    /// <summary>Total parameter count of the module built from this config.</summary>
    public long ParameterCount()
    {
        long h = HiddenSize, q = (long)NumAttentionHeads * HeadDim, kv = (long)NumKeyValueHeads * HeadDim;
        long attention = h * q + 2 * h * kv + q * h + (QkvBias ? q + 2 * kv : 0) + (OutputBias ? h : 0);
        long mlp = 3 * h * IntermediateSize + (MlpBias ? 2L * IntermediateSize + h : 0);
        long layer = attention + mlp + 2 * h;
        long embed = (long)VocabSize * h;
        return embed + NumHiddenLayers * layer + h + (TieWordEmbeddings ? 0 : embed);
    }
}
