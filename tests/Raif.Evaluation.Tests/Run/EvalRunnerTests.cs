using System.Text.Json;
using Raif.Evaluation.Benchmarks;
using Raif.Evaluation.Run;
using Raif.Evaluation.Tests.Judging;
using Raif.Tests.Shared;

namespace Raif.Evaluation.Tests.Run;

/// <summary>
/// <c>raif eval run</c>'s loop on IFEval with a scripted policy that answers with the published GPT-4 responses: the
/// scores must equal Google's official verdicts on those responses, and an interrupted run must resume without
/// asking again for what it already has.
/// </summary>
public sealed class EvalRunnerTests : IDisposable
{
    private const int Items = 30;
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-evalrun-").FullName;
    private readonly Dictionary<string, string> _gpt4 = new(StringComparer.Ordinal);

    public EvalRunnerTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "data", "ifeval"));
        File.WriteAllLines(Path.Combine(_dir, "data", "ifeval", "input_data.jsonl"),
            File.ReadLines(TestDataFolder.Committed("ifeval", "input_data.jsonl")).Take(Items));
        foreach (var line in File.ReadLines(TestDataFolder.Committed("ifeval", "input_response_data_gpt4_20231107_145030_key2785fixed.jsonl")))
        {
            var root = JsonDocument.Parse(line).RootElement;
            _gpt4[root.GetProperty("prompt").GetString()!] = root.GetProperty("response").GetString()!;
        }
    }

    private ScriptedChatClient Gpt4(Action? onCall = null) => new(m =>
    {
        onCall?.Invoke();
        return _gpt4[m.Last().Text];
    });

    private EvalRunOptions Options => new(Path.Combine(_dir, "out"), PromptingMode.Io, "gpt-4 (published)");

    private BenchmarkSpec[] Specs => [new(new IfevalBenchmark(), Path.Combine(_dir, "data", "ifeval"))];

    [Fact]
    public async Task Scores_equal_the_official_verdicts_on_the_same_responses()
    {
        var report = await new EvalRunner(new PolicyClient(Gpt4(), new PolicyOptions(Concurrency: 4))).RunAsync(Specs, Options);

        // Google's evaluator's own loose verdicts on the GPT-4 responses (committed by the verifiers' tests).
        var prompts = File.ReadLines(Path.Combine(_dir, "data", "ifeval", "input_data.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("prompt").GetString()!).ToHashSet();
        var official = File.ReadLines(Path.Combine(TestDataFolder.RepoRoot, "tests", "Raif.Verifiers.Tests", "Data", "ifeval_official", "eval_results_loose.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(r => prompts.Contains(r.GetProperty("prompt").GetString()!))
            .ToList();
        Assert.Equal(Items, official.Count);
        double expected = 100.0 * official.Count(r => r.GetProperty("follow_all_instructions").GetBoolean()) / Items;

        var ifeval = Assert.Single(report.Benchmarks);
        Assert.Equal(expected, ifeval.Result.Headline, 1e-9);
        Assert.Equal(Items, ifeval.Generated);
        Assert.Equal(expected, report.Average, 1e-9);
        foreach (string file in new[] { "report.md", "report.json", "report.png", "ifeval/responses.jsonl", "ifeval/scores.json", "ifeval/eval_results_loose.jsonl" })
            Assert.True(File.Exists(Path.Combine(Options.OutputDir, file)), file);
        Assert.Equal(expected, EvalRunComparison.Load(Options.OutputDir).Headlines["ifeval"], 1e-9);
    }

    [Fact]
    public async Task An_interrupted_run_resumes_without_asking_again()
    {
        using var stop = new CancellationTokenSource();
        int calls = 0;
        var first = Gpt4(() => { if (Interlocked.Increment(ref calls) == 12) stop.Cancel(); });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new EvalRunner(new PolicyClient(first, new PolicyOptions(Concurrency: 2))).RunAsync(Specs, Options, cancellationToken: stop.Token));
        string responses = Path.Combine(Options.OutputDir, "ifeval", "responses.jsonl");
        int kept = File.ReadAllLines(responses).Length;
        Assert.InRange(kept, 1, Items - 1);

        var second = Gpt4();
        var report = await new EvalRunner(new PolicyClient(second, new PolicyOptions(Concurrency: 2))).RunAsync(Specs, Options);
        Assert.Equal(Items - kept, second.Calls);
        Assert.Equal(Items - kept, report.Benchmarks[0].Generated);
        var ids = File.ReadAllLines(responses).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).ToList();
        Assert.Equal(Items, ids.Count);
        Assert.Equal(Items, ids.Distinct().Count());
    }

    [Fact]
    public async Task Responses_from_another_mode_are_refused_not_mixed()
    {
        await new EvalRunner(new PolicyClient(Gpt4())).RunAsync(Specs, Options with { Limit = 2 });
        var e = await Assert.ThrowsAsync<Raif.Core.Jsonl.JsonlException>(() =>
            new EvalRunner(new PolicyClient(Gpt4())).RunAsync(Specs, Options with { Mode = PromptingMode.Cot, Limit = 2 }));
        Assert.Contains("mode", e.Message);
        Assert.Contains("responses.jsonl", e.Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
