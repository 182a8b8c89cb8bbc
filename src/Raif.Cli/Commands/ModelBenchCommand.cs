using System.CommandLine;
using Raif.Modeling.Benchmarks;
using Raif.Modeling.Runtime;
using Spectre.Console;

namespace Raif.Cli.Commands;

/// <summary><c>raif bench model</c>: throughput of the model runtime on a random model (see docs/benchmarks.md).</summary>
internal static class ModelBenchCommand
{
    public static Command Create()
    {
        var preset = new Option<string>("--preset") { Description = "qwen2.5-0.5b (hidden 896, 24 layers, 14/2 heads, vocab 151936, tied) or small (hidden 512, 8 layers, vocab 32000).", DefaultValueFactory = _ => "qwen2.5-0.5b" };
        var dtype = new Option<string>("--dtype") { Description = "float32 or bfloat16.", DefaultValueFactory = _ => "float32" };
        var promptTokens = new Option<int>("--prompt-tokens") { Description = "Prompt length per sequence.", DefaultValueFactory = _ => 128 };
        var decodeTokens = new Option<int>("--decode-tokens") { Description = "Decode steps timed per batch size.", DefaultValueFactory = _ => 16 };
        var batches = new Option<string>("--batch-sizes") { Description = "Comma-separated batch sizes.", DefaultValueFactory = _ => "1,8,32" };
        var cacheTokens = new Option<int>("--cache-tokens") { Description = "New tokens for the cache vs recomputation comparison (0 = skip).", DefaultValueFactory = _ => 256 };
        var cachePreset = new Option<string>("--cache-preset") { Description = "Model for the cache comparison (recomputation is quadratic, so a smaller model keeps it short).", DefaultValueFactory = _ => "small" };
        var threads = new Option<int?>("--threads") { Description = "libtorch CPU threads." };
        var pairs = new Option<int>("--roofline-pairs") { Description = "Batch-1 decode steps alternated with bandwidth measurements (0 = skip).", DefaultValueFactory = _ => 8 };
        var grpoPrompts = new Option<int>("--grpo-prompts") { Description = "GRPO-style generation: distinct prompts, each sampled --grpo-samples times in one batch, with and without prefix reuse (0 = skip).", DefaultValueFactory = _ => 16 };
        var grpoSamples = new Option<int>("--grpo-samples") { Description = "Samples per prompt in the GRPO case.", DefaultValueFactory = _ => 8 };
        var grpoPromptTokens = new Option<int>("--grpo-prompt-tokens") { Description = "Prompt length in the GRPO case.", DefaultValueFactory = _ => 64 };
        var grpoNewTokens = new Option<int>("--grpo-new-tokens") { Description = "New tokens per sample in the GRPO case.", DefaultValueFactory = _ => 16 };
        var grpoPreset = new Option<string>("--grpo-preset") { Description = "Model for the GRPO case.", DefaultValueFactory = _ => "small" };
        var grpoRuns = new Option<int>("--grpo-runs") { Description = "Timed runs each way in the GRPO case (alternating; medians reported).", DefaultValueFactory = _ => 3 };
        var command = new Command("model", "Prefill/decode tokens/s, KV-cache speed-up, batch-1 decode vs the memory-bandwidth roofline and GRPO generation with prefix reuse.")
        {
            preset, dtype, promptTokens, decodeTokens, batches, cacheTokens, cachePreset, threads, pairs,
            grpoPrompts, grpoSamples, grpoPromptTokens, grpoNewTokens, grpoPreset, grpoRuns,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            if (parse.GetValue(threads) is { } t)
                TorchRuntime.SetThreads(t);
            var options = new ModelBenchmarkOptions
            {
                Preset = parse.GetValue(preset)!,
                DType = ComputeTarget.ParseDType(parse.GetValue(dtype)!),
                PromptTokens = parse.GetValue(promptTokens),
                DecodeTokens = parse.GetValue(decodeTokens),
                BatchSizes = parse.GetValue(batches)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToList(),
                CacheCompareTokens = parse.GetValue(cacheTokens),
                CacheComparePreset = parse.GetValue(cachePreset)!,
                InterleavedPairs = parse.GetValue(pairs),
                Grpo = new GrpoGenerationOptions
                {
                    Prompts = parse.GetValue(grpoPrompts),
                    Samples = parse.GetValue(grpoSamples),
                    PromptTokens = parse.GetValue(grpoPromptTokens),
                    NewTokens = parse.GetValue(grpoNewTokens),
                    Preset = parse.GetValue(grpoPreset)!,
                    Runs = parse.GetValue(grpoRuns),
                },
            };
            if (options.Grpo.Prompts > 0 && (options.Grpo.Samples < 1 || options.Grpo.PromptTokens < 1 || options.Grpo.NewTokens < 1 || options.Grpo.Runs < 1))
                throw new CliUsageException("--grpo-samples, --grpo-prompt-tokens, --grpo-new-tokens and --grpo-runs must be at least 1");
            var status = ModelCliOptions.Status(parse);
            var result = ModelBenchmark.Run(options, new Progress<string>(m => status.MarkupLineInterpolated($"[grey]{m}[/]")), cancellationToken);
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(parse.InvocationConfiguration.Output) });
            console.WriteLine($"model {result.Preset} ({result.Parameters:N0} parameters), {result.DType}, {result.Threads} threads");
            console.WriteLine($"read bandwidth {result.ReadBandwidthGBps:F2} GB/s; weights read per decode step {result.WeightBytesPerStep / 1e6:F0} MB; roofline {result.RooflineTokensPerSecond:F2} tokens/s at batch 1");
            var table = new Table().AddColumns("batch", "prompt", "prefill s", "prefill tok/s", "decode steps", "ms/step", "decode tok/s");
            foreach (var d in result.Decode)
            {
                table.AddRow(d.Batch.ToString(), d.PromptTokens.ToString(), d.PrefillSeconds.ToString("F2"), d.PrefillTokensPerSecond.ToString("F1"),
                    d.DecodeSteps.ToString(), (d.DecodeSecondsPerStep * 1000).ToString("F1"), d.DecodeTokensPerSecond.ToString("F2"));
            }
            if (result.Decode.Count > 0)
                console.Write(table);
            if (result.Batch1RooflineFraction is { } f)
                console.WriteLine($"batch-1 decode (table) = {f:P0} of the roofline at the best bandwidth seen");
            if (result.Interleaved is { } r)
                console.WriteLine($"batch-1 decode interleaved with bandwidth ({r.Pairs} pairs): median {r.MedianFraction:P0} of the roofline (min {r.MinFraction:P0}, max {r.MaxFraction:P0}); median step {r.MedianStepSeconds * 1000:F0} ms at {r.MedianBandwidthGBps:F2} GB/s");
            if (result.Cache is { } c)
                console.WriteLine($"KV cache ({c.Preset}, prompt {c.PromptTokens}, {c.NewTokens} new): cached {c.CachedSeconds:F2} s, recomputed {c.RecomputedSeconds:F2} s, speed-up {c.Speedup:F1}x");
            if (result.Grpo is { } g)
            {
                console.WriteLine($"GRPO generation ({g.Preset}, {g.Prompts} prompts x {g.Samples} samples, prompt {g.PromptTokens}, {g.NewTokens} new, sampled): " +
                    $"prefix reuse {g.MedianReusedSeconds:F2} s, every row prefilled {g.MedianSeparateSeconds:F2} s (medians of {g.ReusedSeconds.Count}), speed-up {g.Speedup:F2}x; " +
                    $"prefilled tokens {g.ReusedPrefilledTokens:N0} vs {g.SeparatePrefilledTokens:N0}; tokens {(g.SameTokens ? "identical" : "DIFFER")}");
                console.WriteLine($"  runs with reuse: {string.Join(", ", g.ReusedSeconds.Select(x => x.ToString("F2")))} s; without: {string.Join(", ", g.SeparateSeconds.Select(x => x.ToString("F2")))} s");
            }
            return Task.FromResult(0);
        });
        return command;
    }
}
