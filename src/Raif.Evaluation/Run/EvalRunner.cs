using Microsoft.Extensions.AI;
using Raif.Evaluation.Judging;

namespace Raif.Evaluation.Run;

/// <summary>A benchmark and the folder holding its data in upstream layout.</summary>
public sealed record BenchmarkSpec(IBenchmark Benchmark, string DataDir);

/// <summary>Where a run writes and how it prompts.</summary>
/// <param name="OutputDir">Run folder: one sub-folder per benchmark, plus report.md / report.json / report.png.</param>
/// <param name="Mode">Prompting mode (spec §9.3).</param>
/// <param name="PolicyName">The evaluated model as it should appear in reports.</param>
/// <param name="Limit">Only the first N items of each benchmark (a smoke run); null for all.</param>
public sealed record EvalRunOptions(string OutputDir, PromptingMode Mode, string PolicyName, int? Limit = null);

/// <summary>Progress of a run: which benchmark, which stage (<c>generate</c> or <c>score</c>), how far.</summary>
public sealed record EvalRunProgress(string Benchmark, string Stage, int Done, int Total);

/// <summary>One benchmark's outcome: items scored, responses generated in this run (the rest came from the cache).</summary>
public sealed record BenchmarkRunResult(string Name, int Items, int Generated, BenchmarkResult Result);

/// <summary>
/// <c>raif eval run</c>: for each benchmark, builds its prompts, asks the policy for the responses it does not have yet
/// (cached in <c>OUT/&lt;bench&gt;/responses.jsonl</c> as they arrive, so an interrupted run resumes), judges where the
/// benchmark needs it (replies logged in <c>OUT/&lt;bench&gt;/judgments.jsonl</c>), scores, and writes the run report.
/// </summary>
public sealed class EvalRunner(PolicyClient policy, IChatClient? judge = null, JudgeCallOptions? judgeOptions = null)
{
    public async Task<EvalRunReport> RunAsync(
        IReadOnlyList<BenchmarkSpec> benchmarks,
        EvalRunOptions options,
        IProgress<EvalRunProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var duplicate = benchmarks.GroupBy(b => b.Benchmark.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"--benchmarks names {duplicate.Key} twice");
        // Fail before any generation when a benchmark's data is missing, not after hours of the others.
        var prompts = benchmarks.Select(b => Limit(b.Benchmark.LoadPrompts(b.DataDir, cancellationToken), options.Limit)).ToList();
        var results = new List<BenchmarkRunResult>();
        for (int i = 0; i < benchmarks.Count; i++)
            results.Add(await RunOneAsync(benchmarks[i], prompts[i], options, progress, cancellationToken).ConfigureAwait(false));
        var report = new EvalRunReport(options.PolicyName, options.Mode.Name(), results);
        EvalRunReportWriter.Write(options.OutputDir, report);
        return report;
    }

    private async Task<BenchmarkRunResult> RunOneAsync(
        BenchmarkSpec spec, IReadOnlyList<EvalPrompt> prompts, EvalRunOptions options, IProgress<EvalRunProgress>? progress, CancellationToken cancellationToken)
    {
        string name = spec.Benchmark.Name;
        string dir = Path.Combine(options.OutputDir, name);
        using var store = ResponseStore.Open(Path.Combine(dir, ResponseStore.FileName), options.Mode);
        var todo = prompts.Where(p => !store.TryGet(p.Id, out _)).ToList();
        int done = prompts.Count - todo.Count, generated = 0;
        progress?.Report(new EvalRunProgress(name, "generate", done, prompts.Count));
        await Parallel.ForEachAsync(
            todo,
            new ParallelOptions { MaxDegreeOfParallelism = policy.Options.Concurrency, CancellationToken = cancellationToken },
            async (prompt, token) =>
            {
                var output = await policy.AnswerAsync(prompt, options.Mode, store, token).ConfigureAwait(false);
                store.Add(prompt.Id, output);
                Interlocked.Increment(ref generated);
                progress?.Report(new EvalRunProgress(name, "generate", Interlocked.Increment(ref done), prompts.Count));
            }).ConfigureAwait(false);

        progress?.Report(new EvalRunProgress(name, "score", 0, 1));
        // Only a judged benchmark gets a judgments file.
        using var log = spec.Benchmark.NeedsJudge ? JudgmentLog.Open(Path.Combine(dir, "judgments.jsonl")) : null;
        using var judgeClient = log is null ? null : new JudgeClient(judge, log, judgeOptions);
        var result = await spec.Benchmark.ScoreAsync(
            spec.DataDir, [.. prompts.Select(p => p.Id)], store.Responses(), judgeClient, dir, cancellationToken).ConfigureAwait(false);
        progress?.Report(new EvalRunProgress(name, "score", 1, 1));
        return new BenchmarkRunResult(name, prompts.Count, generated, result);
    }

    private static IReadOnlyList<EvalPrompt> Limit(IReadOnlyList<EvalPrompt> prompts, int? limit) =>
        limit is { } n && n < prompts.Count ? [.. prompts.Take(n)] : prompts;
}
