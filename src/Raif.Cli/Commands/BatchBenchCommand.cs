using System.CommandLine;
using Raif.Core.Templates;
using Raif.Modeling;
using Raif.Modeling.Benchmarks;
using Raif.Modeling.Runtime;
using Spectre.Console;

namespace Raif.Cli.Commands;

/// <summary>
/// <c>raif bench batch</c>: the model thread of <c>raif serve</c> without HTTP (<see cref="ContinuousBatchBenchmark"/>),
/// on the requests of <c>raif bench serve</c>'s workloads, with the fused decoding step and without it, alternated
/// run by run. Results belong in docs/benchmarks.md.
/// </summary>
internal static class BatchBenchCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "Model folder (HF layout; e.g. the tiny one bench/serve/run.sh makes).", Required = true };
        var workload = new Option<string>("--workload")
        {
            Description = "lockstep (every request the same max_tokens and prompt shape), mixed (drawn per request) or both; the requests of `raif bench serve`.",
            DefaultValueFactory = _ => "both",
        };
        workload.AcceptOnlyFromAmong("lockstep", "mixed", "both");
        var sequences = new Option<int>("--sequences") { Description = "Requests per run.", DefaultValueFactory = _ => 2000 };
        var rows = new Option<int>("--rows") { Description = "Most sequences in the batch at once (the server's concurrency).", DefaultValueFactory = _ => 32 };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Tokens each lockstep request generates.", DefaultValueFactory = _ => 16 };
        var mixedMaxTokens = new Option<string>("--mixed-max-tokens") { Description = "Mixed workload: range of tokens generated per request (A-B).", DefaultValueFactory = _ => "4-64" };
        var mixedWords = new Option<string>("--mixed-prompt-words") { Description = "Mixed workload: range of filler words added to each prompt (A-B).", DefaultValueFactory = _ => "0-32" };
        var seed = new Option<int>("--seed") { Description = "Seed of the mixed workload's draws and of the sampling.", DefaultValueFactory = _ => 1 };
        var fused = new Option<string>("--fused") { Description = "Decoding steps through the fused C# step where it applies (on), libtorch only (off), or both, alternated.", DefaultValueFactory = _ => "both" };
        fused.AcceptOnlyFromAmong("on", "off", "both");
        var runs = new Option<int>("--runs") { Description = "Timed runs of each workload and setting (medians reported); one untimed run warms up first.", DefaultValueFactory = _ => 3 };
        var chatTemplate = new Option<string?>("--chat-template") { Description = $"Chat layout the requests are rendered with when the model's is not detected ({string.Join(", ", ChatTemplates.Names)})." };
        chatTemplate.AcceptOnlyFromAmong([.. ChatTemplates.Names]);
        var threads = new Option<int?>("--threads") { Description = "libtorch threads (default: what raif serve uses, one fewer than the cores, at least 1)." };
        var command = new Command("batch", "Continuous batching on the model thread alone (no HTTP): ms per step by kind and tokens/s, with and without the fused decoding step.")
        {
            model, workload, sequences, rows, maxTokens, mixedMaxTokens, mixedWords, seed, fused, runs, chatTemplate, threads,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            int n = parse.GetValue(sequences), r = parse.GetValue(rows), m = parse.GetValue(maxTokens), k = parse.GetValue(runs);
            if (n < 1 || r < 1 || m < 1 || k < 1)
                throw new CliUsageException("--sequences, --rows, --max-tokens and --runs must be at least 1");
            int t = parse.GetValue(threads) ?? ServeCommand.DefaultThreads(Environment.ProcessorCount);
            TorchRuntime.SetThreads(t);
            var workloads = ServeBenchWorkload.Named(parse.GetValue(workload)!, n, m, parse.GetValue(mixedMaxTokens)!, parse.GetValue(mixedWords)!, parse.GetValue(seed));
            bool[] settings = parse.GetValue(fused) switch { "on" => [true], "off" => [false], _ => [true, false] };

            var output = parse.InvocationConfiguration.Output;
            var status = ModelCliOptions.Status(parse);
            using var lm = LanguageModel.Load(parse.GetValue(model)!);
            var template = (parse.GetValue(chatTemplate) is { } name ? ChatTemplates.Get(name) : lm.ChatTemplate)
                ?? throw new CliUsageException($"{parse.GetValue(model)}: the chat template is not recognised; pass --chat-template ({string.Join(", ", ChatTemplates.Names)})");
            output.WriteLine($"model {lm.Name} ({lm.Module.parameters().Sum(p => p.NumberOfElements):N0} parameters), {t} libtorch threads, {r} rows, {Environment.ProcessorCount} cores");
            var table = new Table().AddColumns("workload", "step", "tokens/s", "req/s", "decode-only ms", "folded ms (prompt)", "into empty ms (prompt)");
            foreach (var w in workloads)
            {
                var batchSequences = w.Requests
                    .Select(q => new BatchBenchmarkSequence(lm.Tokenizer.Encode(template.Render([new ChatTurn(ChatRole.User, q.Content)], RenderEnding.GenerationPrompt)), q.MaxTokens))
                    .ToList();
                var results = settings.ToDictionary(s => s, _ => new List<ContinuousBatchBenchmarkResult>());
                for (int run = 0; run <= k; run++)
                {
                    foreach (bool s in settings)
                    {
                        status.MarkupLineInterpolated($"[grey]{w.Name}, fused {(s ? "on" : "off")}, {(run == 0 ? "warm-up" : $"run {run} of {k}")}[/]");
                        var result = ContinuousBatchBenchmark.Run(lm.Module, batchSequences,
                            new ContinuousBatchBenchmarkOptions { Rows = r, Fused = s, Seed = (ulong)parse.GetValue(seed) }, cancellationToken);
                        if (run == 0)
                            continue;
                        results[s].Add(result);
                        output.WriteLine($"{w.Name}, fused {(s ? "on" : "off")}, run {run}: {result.Wall.TotalSeconds:F2} s, {result.TokensPerSecond:F0} tokens/s; " +
                            $"decoding-only {result.Decoding.Calls} x {result.Decoding.MillisecondsPerCall:F3} ms, folded {result.Folded.Calls} x {result.Folded.MillisecondsPerCall:F3} ms, " +
                            $"into empty {result.IntoEmpty.Calls} x {result.IntoEmpty.MillisecondsPerCall:F2} ms");
                    }
                }
                foreach (bool s in settings)
                {
                    var all = results[s];
                    double Median(Func<ContinuousBatchBenchmarkResult, double> f) => all.Select(f).Order().ElementAt(all.Count / 2);
                    table.AddRow(w.Name, s ? "fused" : "libtorch", Median(x => x.TokensPerSecond).ToString("F0"), Median(x => x.SequencesPerSecond).ToString("F0"),
                        Median(x => x.Decoding.MillisecondsPerCall).ToString("F3"),
                        $"{Median(x => x.Folded.MillisecondsPerCall):F3} ({all[0].Folded.PromptTokensPerCall:F0})",
                        $"{Median(x => x.IntoEmpty.MillisecondsPerCall):F2} ({all[0].IntoEmpty.PromptTokensPerCall:F0})");
                }
            }
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            console.Write(table);
            console.WriteLine($"medians of {k} runs each; fused = decoding steps through the fused C# step where it applies; prompt = prompt tokens per call; " +
                "requests end at their token budgets, so every run has the same schedule of joins and steps");
            return Task.FromResult(0);
        });
        return command;
    }
}
