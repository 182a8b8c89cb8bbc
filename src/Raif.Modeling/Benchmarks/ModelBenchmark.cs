using System.Diagnostics;
using System.Text.Json.Nodes;
using Raif.Modeling.Checkpoints;
using Raif.Modeling.Generation;
using Raif.Modeling.Layers;
using Raif.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Benchmarks;

/// <summary>What <c>raif bench model</c> measures.</summary>
public sealed record ModelBenchmarkOptions
{
    /// <summary>Model shape: qwen2.5-0.5b (hidden 896, 24 layers, 14/2 heads, 4864, vocab 151936, tied) or small.</summary>
    public string Preset { get; init; } = "qwen2.5-0.5b";
    public ScalarType DType { get; init; } = ScalarType.Float32;
    public int PromptTokens { get; init; } = 128;
    public int DecodeTokens { get; init; } = 16;
    public IReadOnlyList<int> BatchSizes { get; init; } = [1, 8, 32];
    /// <summary>New tokens for the cached-vs-recomputed comparison (batch 1); 0 skips it.</summary>
    public int CacheCompareTokens { get; init; } = 256;
    public int CacheComparePromptTokens { get; init; } = 16;
    /// <summary>Preset for the cache comparison (recomputation is quadratic, so a smaller model keeps it short).</summary>
    public string CacheComparePreset { get; init; } = "small";
    public long BandwidthBytes { get; init; } = 1L << 30;
    /// <summary>Batch-1 decode steps each paired with a bandwidth measurement just before it; 0 skips this.</summary>
    public int InterleavedPairs { get; init; } = 8;
    /// <summary>GRPO-style generation (each prompt sampled several times) with and without prefix reuse; 0 prompts skips it.</summary>
    public GrpoGenerationOptions Grpo { get; init; } = new();
    public long Seed { get; init; }
}

/// <summary>
/// The GRPO generation case: <see cref="Prompts"/> random prompts, each sampled <see cref="Samples"/> times in one
/// batch, timed with repeated prompts prefilled once and with every row prefilled, alternating, <see cref="Runs"/> each.
/// </summary>
public sealed record GrpoGenerationOptions
{
    public int Prompts { get; init; } = 16;
    public int Samples { get; init; } = 8;
    public int PromptTokens { get; init; } = 64;
    public int NewTokens { get; init; } = 16;
    /// <summary>128 rows of the 0.5B shape would take minutes per run on a small CPU, so the small preset by default.</summary>
    public string Preset { get; init; } = "small";
    public int Runs { get; init; } = 3;
}

public sealed record GrpoComparison(
    string Preset, int Prompts, int Samples, int PromptTokens, int NewTokens,
    IReadOnlyList<double> ReusedSeconds, IReadOnlyList<double> SeparateSeconds,
    long ReusedPrefilledTokens, long SeparatePrefilledTokens, bool SameTokens)
{
    public double MedianReusedSeconds => Median(ReusedSeconds);
    public double MedianSeparateSeconds => Median(SeparateSeconds);
    public double Speedup => MedianSeparateSeconds / MedianReusedSeconds;

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

public sealed record DecodeMeasurement(int Batch, int PromptTokens, double PrefillSeconds, double PrefillTokensPerSecond, int DecodeSteps, double DecodeSecondsPerStep, double DecodeTokensPerSecond);

public sealed record CacheComparison(string Preset, int PromptTokens, int NewTokens, double CachedSeconds, double RecomputedSeconds)
{
    public double Speedup => RecomputedSeconds / CachedSeconds;
}

/// <summary>
/// Batch-1 decode steps alternated with bandwidth measurements, so that both see the same machine load: per pair,
/// (weight bytes / step time) / bandwidth; the median of the pairs is the fraction of the roofline reached.
/// </summary>
public sealed record InterleavedRoofline(int Pairs, double MedianFraction, double MinFraction, double MaxFraction, double MedianStepSeconds, double MedianBandwidthGBps);

public sealed record ModelBenchmarkResult(
    string Preset,
    string DType,
    long Parameters,
    int Threads,
    double ReadBandwidthGBps,
    long WeightBytesPerStep,
    IReadOnlyList<DecodeMeasurement> Decode,
    CacheComparison? Cache,
    InterleavedRoofline? Interleaved,
    GrpoComparison? Grpo = null)
{
    /// <summary>Batch-1 decode tokens/s if every step only streamed the weights once at the measured bandwidth.</summary>
    public double RooflineTokensPerSecond => ReadBandwidthGBps * 1e9 / WeightBytesPerStep;

    public double? Batch1RooflineFraction => Decode.FirstOrDefault(d => d.Batch == 1) is { } d ? d.DecodeTokensPerSecond / RooflineTokensPerSecond : null;
}

/// <summary>
/// Throughput of the model runtime on random weights: prefill and decode tokens/s by batch size, the KV-cache
/// speed-up over recomputing the sequence each step, and batch-1 decode against the memory-bandwidth roofline
/// (weight bytes per step / measured read bandwidth), and GRPO-style generation with repeated prompts prefilled once
/// against every row prefilled.
/// </summary>
public static class ModelBenchmark
{
    public static ModelConfig Preset(string name)
    {
        var json = name switch
        {
            "qwen2.5-0.5b" => new JsonObject
            {
                ["hidden_size"] = 896, ["num_hidden_layers"] = 24, ["num_attention_heads"] = 14, ["num_key_value_heads"] = 2,
                ["intermediate_size"] = 4864, ["vocab_size"] = 151936, ["tie_word_embeddings"] = true, ["rope_theta"] = 1000000.0,
                ["rms_norm_eps"] = 1e-6, ["max_position_embeddings"] = 32768,
            },
            // A 41M-parameter Qwen2 (8 layers of width 512, 32k vocabulary) for runs that would take too long at 0.5B.
            "small" => new JsonObject
            {
                ["hidden_size"] = 512, ["num_hidden_layers"] = 8, ["num_attention_heads"] = 8, ["num_key_value_heads"] = 2,
                ["intermediate_size"] = 2048, ["vocab_size"] = 32000, ["tie_word_embeddings"] = true, ["rope_theta"] = 1000000.0,
            },
            _ => throw new ArgumentException($"unknown benchmark preset '{name}'; use qwen2.5-0.5b or small"),
        };
        return ModelConfigReader.Parse(json, $"preset {name}", ModelArchitecture.Qwen2);
    }

    public static ModelBenchmarkResult Run(ModelBenchmarkOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        TorchRuntime.EnsureAvailable();
        var config = Preset(options.Preset);
        progress?.Report($"measuring read bandwidth over {options.BandwidthBytes >> 20} MiB (best of the runs around each decode measurement)");
        double bandwidth = MeasureReadBandwidth(options.BandwidthBytes);

        var decode = new List<DecodeMeasurement>();
        InterleavedRoofline? interleaved = null;
        if (options.BatchSizes.Count > 0 || options.InterleavedPairs > 0)
        {
            progress?.Report($"initialising {options.Preset} ({config.ParameterCount():N0} parameters, {options.DType})");
            using var model = Create(config, options.DType, options.Seed);
            foreach (int batch in options.BatchSizes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report($"batch {batch}: prefill {options.PromptTokens} tokens, decode {options.DecodeTokens}");
                decode.Add(MeasureDecode(model, batch, options.PromptTokens, options.DecodeTokens, options.Seed, cancellationToken));
                // On a shared machine bandwidth drifts with the load: measure it again next to every decode run and
                // keep the best, so the roofline is never understated.
                bandwidth = Math.Max(bandwidth, MeasureReadBandwidth(options.BandwidthBytes));
            }
            if (options.InterleavedPairs > 0)
            {
                progress?.Report($"batch-1 decode vs bandwidth, {options.InterleavedPairs} interleaved pairs");
                interleaved = MeasureInterleaved(model, options, WeightBytesPerStep(config, options.DType), cancellationToken);
            }
        }

        CacheComparison? cache = null;
        if (options.CacheCompareTokens > 0)
        {
            var cacheConfig = Preset(options.CacheComparePreset);
            using var model = Create(cacheConfig, options.DType, options.Seed);
            progress?.Report($"cache comparison on {options.CacheComparePreset}: {options.CacheCompareTokens} new tokens, cached then recomputed");
            double cached = TimeGeneration(model, options.CacheComparePromptTokens, options.CacheCompareTokens, useCache: true, cancellationToken);
            double recomputed = TimeGeneration(model, options.CacheComparePromptTokens, options.CacheCompareTokens, useCache: false, cancellationToken);
            cache = new CacheComparison(options.CacheComparePreset, options.CacheComparePromptTokens, options.CacheCompareTokens, cached, recomputed);
        }

        GrpoComparison? grpo = null;
        if (options.Grpo.Prompts > 0)
        {
            var g = options.Grpo;
            using var model = Create(Preset(g.Preset), options.DType, options.Seed);
            progress?.Report($"GRPO generation on {g.Preset}: {g.Prompts} prompts x {g.Samples} samples, {g.PromptTokens}-token prompts, {g.NewTokens} new tokens, {g.Runs} runs each way");
            grpo = CompareGrpoGeneration(model, g, options.Seed, cancellationToken);
        }

        return new ModelBenchmarkResult(options.Preset, ComputeTarget.ConfigName(options.DType), config.ParameterCount(), get_num_threads(),
            bandwidth, WeightBytesPerStep(config, options.DType), decode, cache, interleaved, grpo);
    }

    /// <summary>
    /// Seeded sampling (temperature 1, no filters, as RAIF rollouts) of every prompt <c>Samples</c> times in one batch,
    /// alternating prefix reuse on and off so both see the same load; the first run of each also checks the tokens agree.
    /// </summary>
    private static GrpoComparison CompareGrpoGeneration(CausalLM model, GrpoGenerationOptions g, long seed, CancellationToken cancellationToken)
    {
        var distinct = RandomPrompts(g.Prompts, g.PromptTokens, model.Config.VocabSize, seed);
        var rows = distinct.SelectMany(p => Enumerable.Repeat(p, g.Samples)).ToList();
        var options = new GenerationOptions { MaxNewTokens = g.NewTokens, IgnoreEos = true, Sampling = SamplingOptions.Unfiltered, Seed = (ulong)seed + 1 };
        var reused = new List<double>();
        var separate = new List<double>();
        long reusedPrefill = 0, separatePrefill = 0;
        bool same = true;
        for (int run = 0; run < g.Runs; run++)
        {
            var a = TimeRollouts(model, rows, options, reused, ref reusedPrefill, cancellationToken);
            var b = TimeRollouts(model, rows, options with { ReuseRepeatedPrompts = false }, separate, ref separatePrefill, cancellationToken);
            same &= a.Zip(b).All(p => p.First.TokenIds.AsSpan().SequenceEqual(p.Second.TokenIds));
        }
        return new GrpoComparison(g.Preset, g.Prompts, g.Samples, g.PromptTokens, g.NewTokens, reused, separate, reusedPrefill, separatePrefill, same);
    }

    private static IReadOnlyList<GeneratedSequence> TimeRollouts(
        CausalLM model, IReadOnlyList<int[]> rows, GenerationOptions options, List<double> seconds, ref long prefilled, CancellationToken cancellationToken)
    {
        var steps = new StepClock();
        var watch = Stopwatch.StartNew();
        steps.Start(watch);
        var result = TextGenerator.Generate(model, rows, options, null, cancellationToken, steps);
        seconds.Add(watch.Elapsed.TotalSeconds);
        prefilled = steps.Last.PrefilledTokens;
        return result;
    }

    /// <summary>One decode step streams every weight once; the embedding table is only gathered from, unless it is the tied head.</summary>
    public static long WeightBytesPerStep(ModelConfig config, ScalarType dtype)
    {
        long elementSize = dtype == ScalarType.Float32 ? 4 : 2;
        long weights = config.ParameterCount() - (config.TieWordEmbeddings ? 0 : (long)config.VocabSize * config.HiddenSize);
        return weights * elementSize;
    }

    private static InterleavedRoofline MeasureInterleaved(CausalLM model, ModelBenchmarkOptions options, long weightBytes, CancellationToken cancellationToken)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        int pairs = options.InterleavedPairs;
        var prompt = RandomPrompts(1, options.PromptTokens, model.Config.VocabSize, options.Seed)[0];
        using var cache = new KvCache(model.Config, 1, prompt.Length + pairs + 1, model.DType, CPU);
        var mask = ones(1, prompt.Length, ScalarType.Int64);
        var hidden = model.HiddenStates(tensor(prompt.Select(i => (long)i).ToArray(), 1, prompt.Length), AttentionMasks.PositionIds(mask), mask, cache);
        long next = model.Logits(hidden.narrow(1, prompt.Length - 1, 1)).argmax(-1).item<long>();
        var fractions = new List<double>();
        var steps = new List<double>();
        var bandwidths = new List<double>();
        // One buffer for every pair: allocating, filling and freeing a fresh 1 GiB before each step slowed that step by
        // ~10 ms on the 2-core VM (51-97 ms after a fresh buffer, 35-39 ms after a reused one, docs/benchmarks.md), so
        // the ratio measured the allocator as much as the step.
        using var buffer = ones(options.BandwidthBytes / 4, ScalarType.Float32);
        for (int i = 0; i < pairs; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var stepScope = NewDisposeScope();
            double gbps = MeasureReadBandwidth(buffer, repeats: 2);
            var stepMask = ones(1, prompt.Length + i + 1, ScalarType.Int64);
            var watch = Stopwatch.StartNew();
            var h = model.HiddenStates(tensor(new[] { next }, 1, 1), tensor(new long[] { prompt.Length + i }, 1, 1), stepMask, cache);
            var logits = model.Logits(h.squeeze(1)).to(ScalarType.Float32);
            next = logits.log_softmax(-1).argmax(-1).item<long>();
            double seconds = watch.Elapsed.TotalSeconds;
            fractions.Add(weightBytes / seconds / (gbps * 1e9));
            steps.Add(seconds);
            bandwidths.Add(gbps);
        }
        static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
        return new InterleavedRoofline(pairs, Median(fractions), fractions.Min(), fractions.Max(), Median(steps), Median(bandwidths));
    }

    private static CausalLM Create(ModelConfig config, ScalarType dtype, long seed)
    {
        var model = new CausalLM(config, dtype, CPU);
        ModelInitializer.Initialize(model, seed);
        model.eval();
        return model;
    }

    /// <summary>Best-of-five time to sum a float32 buffer of the given size: the rate at which the CPU streams memory.</summary>
    public static double MeasureReadBandwidth(long bytes, int repeats = 5)
    {
        using var scope = NewDisposeScope();
        return MeasureReadBandwidth(ones(bytes / 4, ScalarType.Float32), repeats);
    }

    /// <summary>Best-of-<paramref name="repeats"/> rate of summing <paramref name="buffer"/> (float32), after one untimed sum.</summary>
    private static double MeasureReadBandwidth(Tensor buffer, int repeats)
    {
        long bytes = buffer.NumberOfElements * 4;
        _ = buffer.sum().item<float>();
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            _ = buffer.sum().item<float>();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        return bytes / best / 1e9;
    }

    private static int[][] RandomPrompts(int batch, int length, int vocab, long seed)
    {
        var random = new Random((int)seed);
        return [.. Enumerable.Range(0, batch).Select(_ => Enumerable.Range(0, length).Select(_ => random.Next(vocab)).ToArray())];
    }

    private static DecodeMeasurement MeasureDecode(CausalLM model, int batch, int promptTokens, int decodeTokens, long seed, CancellationToken cancellationToken)
    {
        var prompts = RandomPrompts(batch, promptTokens, model.Config.VocabSize, seed);
        var steps = new StepClock();
        var options = new GenerationOptions { MaxNewTokens = decodeTokens + 1, IgnoreEos = true, Sampling = SamplingOptions.Greedy };
        var watch = Stopwatch.StartNew();
        steps.Start(watch);
        TextGenerator.Generate(model, prompts, options, null, cancellationToken, steps);
        double prefill = steps.Times[0];
        double decode = steps.Times[^1] - steps.Times[0];
        int decodeSteps = steps.Times.Count - 1;
        return new DecodeMeasurement(batch, promptTokens, prefill, batch * promptTokens / prefill, decodeSteps,
            decode / decodeSteps, batch * decodeSteps / decode);
    }

    private static double TimeGeneration(CausalLM model, int promptTokens, int newTokens, bool useCache, CancellationToken cancellationToken)
    {
        var prompts = RandomPrompts(1, promptTokens, model.Config.VocabSize, 1);
        var options = new GenerationOptions { MaxNewTokens = newTokens, IgnoreEos = true, UseCache = useCache, Sampling = SamplingOptions.Greedy };
        var watch = Stopwatch.StartNew();
        TextGenerator.Generate(model, prompts, options, null, cancellationToken);
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>Records when each generation step finished (synchronously, unlike Progress&lt;T&gt;).</summary>
    private sealed class StepClock : IProgress<GenerationProgress>
    {
        private Stopwatch? _watch;

        public List<double> Times { get; } = [];

        public void Start(Stopwatch watch) => _watch = watch;

        public GenerationProgress Last { get; private set; }

        public void Report(GenerationProgress value)
        {
            Times.Add(_watch!.Elapsed.TotalSeconds);
            Last = value;
        }
    }
}
