using System.Text.Json;
using Raif.Evaluation.Benchmarks;
using Raif.Evaluation.Run;
using Raif.Evaluation.Tests.Judging;
using Raif.Tests.Shared;

namespace Raif.Evaluation.Tests.Run;

/// <summary><c>raif eval run</c> on CELLO and FollowBench, with scripted policies and judges over the real data.</summary>
public sealed class RuleBenchmarksRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-rule-run-").FullName;

    private EvalRunOptions Options(string name) => new(Path.Combine(_dir, name), PromptingMode.Io, "scripted");

    [SkippableFact]
    public async Task Cello_scores_gpt4s_published_answers_as_upstreams_published_row()
    {
        string data = TestDataFolder.External("cello");
        // The policy answers each instruction (with its earlier turns) as GPT-4 did in upstream's published results.
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in Directory.GetFiles(Path.Combine(data, "results", "gpt4"), "res_*.json"))
        {
            foreach (var row in JsonDocument.Parse(File.ReadAllText(file).Replace("NaN", "null", StringComparison.Ordinal)).RootElement.EnumerateArray())
            {
                if (row.GetProperty("model_answer").ValueKind == JsonValueKind.String)
                    answers.TryAdd(row.GetProperty("Instruction").GetString()!, row.GetProperty("model_answer").GetString()!);
            }
        }
        var chat = new ScriptedChatClient(m => answers[m.Last().Text]);
        var benchmark = new CelloBenchmark();
        Assert.Equal(523, benchmark.LoadPrompts(data).Count); // README: 523 samples, ids unique across the 13 files

        var report = await new EvalRunner(new PolicyClient(chat, new PolicyOptions(Concurrency: 4)))
            .RunAsync([new BenchmarkSpec(benchmark, data)], Options("cello"));

        // Upstream's scores/gpt4 row: Average 0.822 (published to 3 places). A run asks each id once and scores it against
        // its data sample, where the published results carry keywords_extraction's duplicated id three times (with
        // near-identical prompts) and the result rows' own input_text: measured 82.09, so allow 0.3 points.
        Assert.InRange(report.Benchmarks[0].Result.Headline, 82.2 - 0.3, 82.2 + 0.3);
    }

    [SkippableFact]
    public async Task FollowBench_runs_both_languages_with_a_judgments_file_each_and_resumes_without_asking_again()
    {
        string data = TestDataFolder.External("followbench");
        var benchmark = new FollowBenchBenchmark();
        var prompts = benchmark.LoadPrompts(data);
        // README: 820 EN and 790 ZH items at level >= 1.
        Assert.Equal(820, prompts.Count(p => p.Id.StartsWith("en:", StringComparison.Ordinal)));
        Assert.Equal(790, prompts.Count(p => p.Id.StartsWith("zh:", StringComparison.Ordinal)));
        Assert.Equal(prompts.Count, prompts.Select(p => p.Id).Distinct().Count());

        var policy = new ScriptedChatClient(_ => "An answer.");
        var judge = new ScriptedChatClient(_ => "['YES']");
        var first = await new EvalRunner(new PolicyClient(policy, new PolicyOptions(Concurrency: 4)), judge)
            .RunAsync([new BenchmarkSpec(benchmark, data)], Options("followbench"));
        Assert.Equal(1610, policy.Calls);
        // README: rule-scored EN 350 of 820, ZH 330 of 790; the rest go to the judge, one call each.
        Assert.Equal((820 - 350) + (790 - 330), judge.Calls);
        Assert.Equal(820 - 350, File.ReadAllLines(Path.Combine(_dir, "followbench", "followbench", "en", "judgments.jsonl")).Length);
        Assert.Equal(790 - 330, File.ReadAllLines(Path.Combine(_dir, "followbench", "followbench", "zh", "judgments.jsonl")).Length);
        Assert.False(double.IsNaN(first.Benchmarks[0].Result.Headline));

        var again = await new EvalRunner(new PolicyClient(policy), judge).RunAsync([new BenchmarkSpec(benchmark, data)], Options("followbench"));
        Assert.Equal(1610, policy.Calls);
        Assert.Equal(930, judge.Calls);
        Assert.Equal(first.Benchmarks[0].Result.Headline, again.Benchmarks[0].Result.Headline);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
