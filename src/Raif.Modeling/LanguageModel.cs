using Raif.Core.Templates;
using Raif.Modeling.Checkpoints;
using Raif.Modeling.Generation;
using Raif.Modeling.Layers;
using Raif.Modeling.Runtime;
using Raif.Modeling.Scoring;
using Raif.Modeling.Templates;
using Raif.Modeling.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling;

/// <summary>Where and in what precision to hold a model.</summary>
/// <param name="Device">"cpu" (default), "cuda" or "cuda:N".</param>
/// <param name="DType">Compute dtype; null = float32 on the CPU, the checkpoint's torch_dtype on CUDA.</param>
public sealed record ModelLoadOptions(string Device = "cpu", ScalarType? DType = null);

/// <summary>
/// A HuggingFace model folder in memory: the <see cref="CausalLM"/> module, its tokenizer, generation defaults and
/// chat layout. This is the entry point for the CLI, the trainer (policy, frozen reference), the judge and the
/// server. Dispose it to free the weights.
/// </summary>
public sealed class LanguageModel : IDisposable
{
    private LanguageModel(CausalLM module, HfTokenizer tokenizer, GenerationConfig generation, string name)
    {
        Module = module;
        Tokenizer = tokenizer;
        GenerationConfig = generation;
        Name = name;
        ChatTemplate = ChatTemplateDetector.Detect(tokenizer);
    }

    /// <summary>The trainable module (parameters(), train(), eval(), TokenLogProbs).</summary>
    public CausalLM Module { get; }

    public ModelConfig Config => Module.Config;

    public HfTokenizer Tokenizer { get; }

    public GenerationConfig GenerationConfig { get; }

    /// <summary>The detected chat layout, or null when the family is not recognised.</summary>
    public ChatTemplate? ChatTemplate { get; }

    /// <summary>The folder it came from, or a description.</summary>
    public string Name { get; }

    /// <summary>Loads config.json, the safetensors weights, generation_config.json and tokenizer.json from a folder.</summary>
    public static LanguageModel Load(string folder, ModelLoadOptions? options = null, IProgress<string>? progress = null)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"{folder}: model folder not found");
        TorchRuntime.EnsureAvailable();
        options ??= new ModelLoadOptions();
        var config = ModelConfigReader.Read(Path.Combine(folder, "config.json"));
        var tokenizer = TokenizerLoader.LoadFolder(folder);
        var device = ComputeTarget.ParseDevice(options.Device);
        var dtype = options.DType ?? DefaultDType(config, device);
        var module = new CausalLM(config, dtype, device);
        try
        {
            CheckpointReader.Load(module, folder, progress);
        }
        catch
        {
            module.Dispose();
            throw;
        }
        module.eval();
        return new LanguageModel(module, tokenizer, GenerationConfig.Read(folder, config), folder);
    }

    /// <summary>
    /// A freshly initialised model (transformers' init: normal(0, initializer_range), zero biases, unit norms) from a
    /// config and a tokenizer; the seed fixes every weight.
    /// </summary>
    public static LanguageModel CreateRandom(ModelConfig config, HfTokenizer tokenizer, long seed, ModelLoadOptions? options = null)
    {
        TorchRuntime.EnsureAvailable();
        options ??= new ModelLoadOptions();
        if (tokenizer.VocabSize > config.VocabSize)
            throw new ArgumentException($"the tokenizer has ids up to {tokenizer.VocabSize - 1} but vocab_size is {config.VocabSize}");
        var device = ComputeTarget.ParseDevice(options.Device);
        var module = new CausalLM(config, options.DType ?? ScalarType.Float32, device);
        ModelInitializer.Initialize(module, seed);
        module.eval();
        return new LanguageModel(module, tokenizer, GenerationConfig.FromModel(config), $"random {config.ArchitectureClass} (seed {seed})");
    }

    private static ScalarType DefaultDType(ModelConfig config, Device device)
    {
        if (device.type == DeviceType.CPU || config.TorchDtype is null)
            return ScalarType.Float32;
        return ComputeTarget.ParseDType(config.TorchDtype);
    }

    /// <summary>
    /// A frozen copy (the RL reference model): same config, tokenizer and weights, no gradients, eval mode.
    /// Later updates of this model do not reach the copy.
    /// </summary>
    public LanguageModel FrozenCopy()
    {
        var copy = new CausalLM(Config, Module.DType, Module.Device);
        using (no_grad())
        {
            var source = Module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            foreach (var (name, p) in copy.named_parameters())
            {
                p.copy_(source[name]);
                p.requires_grad = false;
            }
        }
        copy.eval();
        return new LanguageModel(copy, Tokenizer, GenerationConfig, Name + " (frozen)");
    }

    /// <summary>Saves config, generation config, weights and tokenizer files in HF layout.</summary>
    public void Save(string folder, CheckpointSaveOptions? options = null) =>
        CheckpointWriter.Save(Module, Tokenizer, GenerationConfig, folder, options);

    /// <summary>The chat layout, or an error naming the model when none was detected and none is given.</summary>
    public ChatTemplate RequireChatTemplate(ChatTemplate? overrideTemplate = null) =>
        overrideTemplate ?? ChatTemplate ?? throw new ArgumentException(
            $"{Name}: the chat template family is not recognised (known: {string.Join(", ", ChatTemplates.Names)}); pass a template explicitly");

    /// <summary>Generation options pre-filled from generation_config.json (eos ids, pad id, sampling defaults).</summary>
    public GenerationOptions DefaultGenerationOptions(int maxNewTokens = 256) => new()
    {
        MaxNewTokens = maxNewTokens,
        EosTokenIds = GenerationConfig.EosTokenIds.Count > 0 ? GenerationConfig.EosTokenIds : Config.EosTokenIds,
        PadTokenId = GenerationConfig.PadTokenId ?? Tokenizer.PadTokenId,
        Sampling = new SamplingOptions(
            GenerationConfig.DoSample,
            GenerationConfig.Temperature,
            GenerationConfig.TopP,
            GenerationConfig.TopK,
            GenerationConfig.RepetitionPenalty),
    };

    /// <summary>Generates continuations of token-id prompts with the current weights (no gradients).</summary>
    public IReadOnlyList<GeneratedSequence> Generate(
        IReadOnlyList<int[]> prompts,
        GenerationOptions options,
        CancellationToken cancellationToken = default,
        IProgress<GenerationProgress>? progress = null,
        IGenerationObserver? observer = null) =>
        TextGenerator.Generate(Module, prompts, options, Tokenizer, cancellationToken, progress, observer);

    /// <summary>Float32 log-probs of each continuation token after its prompt.</summary>
    public IReadOnlyList<float[]> ScoreContinuations(
        IReadOnlyList<ScoringPair> pairs,
        int batchSize = 8,
        CancellationToken cancellationToken = default,
        IProgress<int>? progress = null) =>
        ContinuationScorer.Score(Module, pairs, batchSize, cancellationToken, progress);

    /// <summary>
    /// As <see cref="ScoreContinuations"/>, and at each continuation position the <paramref name="topK"/> most likely
    /// tokens with their log-probs (what OpenAI's echoed <c>top_logprobs</c> report).
    /// </summary>
    public IReadOnlyList<ScoredContinuation> ScoreContinuationsWithAlternatives(
        IReadOnlyList<ScoringPair> pairs,
        int topK,
        int batchSize = 8,
        CancellationToken cancellationToken = default) =>
        ContinuationScorer.ScoreWithAlternatives(Module, pairs, topK, batchSize, cancellationToken);

    public void Dispose() => Module.Dispose();
}
