using System.Text.Json;
using Raif.Evaluation.Benchmarks;
using Raif.Evaluation.Run;
using Raif.Evaluation.Tests.Judging;
using Raif.Tests.Shared;

namespace Raif.Evaluation.Tests.Run;

/// <summary>
/// <c>raif eval run</c> on IFBench with a scripted policy that answers with IFBench's published sample outputs: the
/// four accuracies must be those of IFBench's own published verdicts (tests/data/ifbench) on the same responses.
/// </summary>
public sealed class IfbenchRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-ifbench-run-").FullName;

    [SkippableFact]
    public async Task Scores_equal_the_published_verdicts_on_the_sample_outputs()
    {
        string prompts = TestDataFolder.External("ifbench", "IFBench_test_8a66c06.jsonl");
        string samples = TestDataFolder.External("ifbench", "sample_output.jsonl");
        // The sample outputs answer the original 294-prompt file; serve it under the current file's name.
        string data = Directory.CreateDirectory(Path.Combine(_dir, "ifbench")).FullName;
        File.Copy(prompts, Path.Combine(data, "IFBench_test.jsonl"));
        var byPrompt = File.ReadLines(samples).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(r => r.GetProperty("prompt").GetString()!, r => r.GetProperty("response").GetString()!);
        var chat = new ScriptedChatClient(m => byPrompt[m.Last().Text]);

        var report = await new EvalRunner(new PolicyClient(chat, new PolicyOptions(Concurrency: 4)))
            .RunAsync([new BenchmarkSpec(IfevalBenchmark.IfBench(), data)], new EvalRunOptions(Path.Combine(_dir, "out"), PromptingMode.Io, "sample"));

        var scores = Assert.Single(report.Benchmarks).Result.Scores;
        (double prompt, double instruction) Published(string mode)
        {
            var rows = File.ReadLines(TestDataFolder.Committed("ifbench", $"eval_results_{mode}.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            var verdicts = rows.SelectMany(r => r.GetProperty("follow_instruction_list").EnumerateArray().Select(v => v.GetBoolean())).ToList();
            return ((double)rows.Count(r => r.GetProperty("follow_all_instructions").GetBoolean()) / rows.Count, (double)verdicts.Count(v => v) / verdicts.Count);
        }
        var strict = Published("strict");
        var loose = Published("loose");
        Assert.Equal(strict.prompt, scores["prompt_strict"]!.GetValue<double>(), 1e-12);
        Assert.Equal(strict.instruction, scores["instruction_strict"]!.GetValue<double>(), 1e-12);
        Assert.Equal(loose.prompt, scores["prompt_loose"]!.GetValue<double>(), 1e-12);
        Assert.Equal(loose.instruction, scores["instruction_loose"]!.GetValue<double>(), 1e-12);
        Assert.Equal(100 * (strict.prompt + strict.instruction + loose.prompt + loose.instruction) / 4, report.Average, 1e-9);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
