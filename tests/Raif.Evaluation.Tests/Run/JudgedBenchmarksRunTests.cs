using System.Text.Json;
using Microsoft.Extensions.AI;
using Raif.Evaluation.Benchmarks;
using Raif.Evaluation.Run;
using Raif.Evaluation.Tests.Judging;

namespace Raif.Evaluation.Tests.Run;

/// <summary><c>raif eval run</c> driving FB-Bench, CFBench and InfoBench: the policy's prompts and the judge in the loop.</summary>
public sealed class JudgedBenchmarksRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-evalrun-judged-").FullName;

    private string Folder(string name)
    {
        string dir = Path.Combine(_dir, "data", name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public async Task FbBench_asks_the_second_turn_and_judges_it()
    {
        string data = Folder("fbbench");
        File.WriteAllText(Path.Combine(data, "fb_bench_dataset_v3.json"), JsonSerializer.Serialize(new object[]
        {
            new { bench_type = "Error Correction", task_type = "Mathematics", user_query = "1+1?", origin_first_response = "3", feedback = "Wrong.", error_type = new[] { "Logical Error" }, feedback_type = new[] { "Pointing Out Errors" }, checklist = new object[] { new object[] { "says 2", 0.75 }, new object[] { "apologises", 0.25 } } },
            new { bench_type = "Response Maintenance", task_type = "Coding", user_query = "q", origin_first_response = "a", feedback = "Are you sure?", error_type = (string[]?)null, feedback_type = new[] { "Simple Questioning" }, checklist = new object[] { "keeps the answer" } },
        }));
        File.WriteAllText(Path.Combine(data, "judge_prompt.txt"), "{second_response}|{checklist_judgement}");
        var conversations = new List<int>();
        var policy = new ScriptedChatClient(m =>
        {
            lock (conversations)
                conversations.Add(m.Count(x => x.Role != ChatRole.System));
            return "answer to " + m.Last().Text;
        });
        // The judge says 是 to "says 2" and to the maintenance checkpoint, 否 to "apologises".
        var judge = new ScriptedChatClient(m =>
        {
            string prompt = m.Single().Text;
            return prompt.Contains("says 2", StringComparison.Ordinal)
                ? """{"says 2": {"评判理由": "r", "评判结果": "是", "weight": 0.75}, "apologises": {"评判理由": "r", "评判结果": "否", "weight": 0.25}}"""
                : """{"keeps the answer": {"评判理由": "r", "评判结果": "是", "weight": null}}""";
        });
        var report = await new EvalRunner(new PolicyClient(policy, new PolicyOptions(Concurrency: 2)), judge)
            .RunAsync([new BenchmarkSpec(new FbBenchBenchmark(), data)], new EvalRunOptions(Path.Combine(_dir, "out"), PromptingMode.Io, "scripted"));
        Assert.Equal([3, 3], conversations);           // user_query, first response, feedback
        var result = Assert.Single(report.Benchmarks).Result;
        // EC 0.75 → 75, RM 1 → 100; Table 1's FB-Bench number is their mean.
        Assert.Equal(87.5, result.Headline, 1e-9);
        Assert.Equal(2, judge.Calls);
    }

    [Fact]
    public async Task CfBench_and_InfoBench_are_judged_and_headlined_as_spec_9_1()
    {
        string cf = Folder("cfbench");
        File.WriteAllText(Path.Combine(cf, "cfbench_data.json"), """
            [{"idx": 0, "prompt": "Write a haiku.", "gold": "", "split": "easy", "criteria": [["is a haiku", "主需", "t", "s"], ["mentions rain", "次需", "t", "s"]]}]
            """);
        File.WriteAllText(Path.Combine(cf, "judge_prompt.txt"), "{response}\n{criteria}");
        string info = Folder("infobench");
        File.WriteAllText(Path.Combine(info, "infobench.jsonl"),
            JsonSerializer.Serialize(new { id = "user_oriented_task_1", input = "", instruction = "Say hi.", decomposed_questions = new[] { "Q1?", "Q2?" }, subset = "Easy_set" }) + "\n");
        var policy = new ScriptedChatClient(_ => "response");
        var judge = new ScriptedChatClient(m => m.Last().Text switch
        {
            var t when t.Contains("is a haiku", StringComparison.Ordinal) => "is a haiku\t1\n\nmentions rain\t0",
            var t when t.EndsWith("Q2?\n", StringComparison.Ordinal) => "NO",
            _ => "YES",
        });
        var report = await new EvalRunner(new PolicyClient(policy), judge).RunAsync(
            [new BenchmarkSpec(new CfBenchBenchmark(), cf), new BenchmarkSpec(new InfoBenchBenchmark(), info)],
            new EvalRunOptions(Path.Combine(_dir, "out"), PromptingMode.Io, "scripted"));
        // CFBench: CSR 0.5, ISR 0, PSR: 0.5 + 0.5 * 0 = 0.5 → 0; mean ×100 = 16.67.
        Assert.Equal(100 * (0.5 + 0 + 0) / 3, report.Benchmarks[0].Result.Headline, 1e-9);
        // InfoBench: YES, NO → DRFR 50.
        Assert.Equal(50.0, report.Benchmarks[1].Result.Headline, 1e-9);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
