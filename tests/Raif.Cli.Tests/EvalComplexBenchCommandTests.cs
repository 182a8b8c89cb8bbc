using System.Text.Json.Nodes;
using Raif.Tests.Shared;

namespace Raif.Cli.Tests;

/// <summary>
/// <c>raif eval complexbench</c> from the command line on the hand-made fixture (tests/data/complexbench-fixture),
/// its sub-commands next to the full run, and <c>raif eval run --benchmarks complexbench</c> without data_final.json.
/// </summary>
public sealed class EvalComplexBenchCommandTests(ModelCommandsTests.TinyModelFolder model) : IClassFixture<ModelCommandsTests.TinyModelFolder>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-cli-complexbench-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fixture(string file = "") => TestDataFolder.Committed("complexbench-fixture", file);

    [Fact]
    public void Upstream_responses_are_scored_from_a_judgments_file_without_a_judge()
    {
        string output = Path.Combine(_dir, "out");
        var result = RaifProcess.Run(null, "eval", "complexbench", "--data", Fixture(), "--responses", Fixture("responses.jsonl"),
            "--judgments", Fixture("judgments.jsonl"), "--output-dir", output);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("0 judge calls", result.StdOut);

        var items = File.ReadAllLines(Path.Combine(output, "items.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(5, items.Count);
        // main_id 1 (Chain): q0 "答案：是\n更正后答案：否" → two matches, fallback with 否 → false; q1 and q2 pass on
        // their own but depend on q0 → rely all false.
        Assert.Equal("1", (string)items[1]["id"]!);
        Assert.Equal("[false,true,true]", items[1]["point_judges"]!.ToJsonString());
        Assert.Equal("[false,false,false]", items[1]["point_judges_rely"]!.ToJsonString());
        // main_id 4: a rule form no branch knows gives 2; the extractor's spans are kept for rule questions only.
        Assert.Equal("[true,true,true,true,2]", items[4]["point_judges_rely"]!.ToJsonString());
        Assert.Null(items[4]["rs"]![0]);
        Assert.Equal("正确，水由两个氢原子和一个氧原子组成。", (string)items[4]["rs"]![1]![0]!);

        var scores = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "scores.json")))!;
        // 9 of the 15 rely verdicts are True (see ComplexBenchScorerTests for the per-question working).
        Assert.Equal(0.6, (double)scores["overall_drfr"]!, 1e-12);
        // Selection = (2 + 4) / (4 + 5); g1: one of two entries passes, the group does not.
        Assert.Equal(6.0 / 9, (double)scores["categorized_avg_drfr"]!["Selection"]!, 1e-12);
        Assert.Equal(0.5, (double)scores["single_origin_test"]!, 1e-12);
        Assert.Equal(0.0, (double)scores["single_coherent_test"]!, 1e-12);
        Assert.Contains("| overall_drfr | 60.00 |", File.ReadAllText(Path.Combine(output, "report.md")));
    }

    [Fact]
    public void A_rerun_reads_back_the_replies_an_interrupted_run_logged()
    {
        // An interrupted run left 8 replies in OUT/judgments.jsonl; the other 7 come from --judgments. With no judge
        // given, the rerun can only succeed by reading both, and it does not rewrite the log.
        string output = Path.Combine(_dir, "out");
        Directory.CreateDirectory(output);
        var all = File.ReadAllLines(Fixture("judgments.jsonl"));
        File.WriteAllLines(Path.Combine(output, "judgments.jsonl"), all.Take(8));
        string rest = Path.Combine(_dir, "rest.jsonl");
        File.WriteAllLines(rest, all.Skip(8));
        var result = RaifProcess.Run(null, "eval", "complexbench", "--data", Fixture(), "--responses", Fixture("responses.jsonl"),
            "--judgments", rest, "--output-dir", output);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("0 judge calls", result.StdOut);
        Assert.Equal(0.6, (double)JsonNode.Parse(File.ReadAllText(Path.Combine(output, "scores.json")))!["overall_drfr"]!, 1e-12);
        Assert.Equal(all.Take(8), File.ReadAllLines(Path.Combine(output, "judgments.jsonl")));

        // Without the 7 other replies and without a judge, the first question lacking one is named.
        File.Delete(Path.Combine(output, "scores.json"));
        var missing = RaifProcess.Run(null, "eval", "complexbench", "--data", Fixture(), "--responses", Fixture("responses.jsonl"), "--output-dir", output);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no judge reply for item", missing.StdErr);
        Assert.False(File.Exists(Path.Combine(output, "scores.json")));
    }

    [Fact]
    public void A_judgments_file_without_responses_cannot_score_an_all_reply_and_says_so()
    {
        var result = RaifProcess.Run(null, "eval", "complexbench", "--data", Fixture(), "--judgments", Fixture("judgments.jsonl"),
            "--output-dir", Path.Combine(_dir, "out"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("main_id 0, scoring question 0", result.StdErr);
        Assert.Contains("--responses", result.StdErr);
        Assert.False(File.Exists(Path.Combine(_dir, "out", "scores.json")));
    }

    [Fact]
    public void The_rule_sub_command_runs_without_the_full_run_options()
    {
        string cases = Path.Combine(_dir, "cases.jsonl"), verdicts = Path.Combine(_dir, "verdicts.jsonl");
        File.WriteAllLines(cases, ["""{"case_id": 1, "rule": "model_endswith:完", "output": "苹果\n红红苹果挂枝头，完", "ass": "评分对象：红红苹果挂枝头，完"}"""]);
        var result = RaifProcess.Run(null, "eval", "complexbench", "rule", "--cases", cases, "--output", verdicts);
        Assert.True(result.ExitCode == 0, result.StdErr);
        // One span "红红苹果挂枝头，完", which ends with 完 → true.
        var line = JsonNode.Parse(File.ReadAllLines(verdicts).Single())!;
        Assert.True((bool)line["point_judge"]!);
    }

    [Fact]
    public void Eval_run_without_data_final_json_fails_naming_it()
    {
        Assert.Equal(0, model.InitResult.ExitCode);
        string data = Path.Combine(_dir, "data");
        Directory.CreateDirectory(Path.Combine(data, "complexbench"));
        using var serve = ServeProcess.Start("--model", model.Folder, "--served-model-name", "tiny", "--port", "0", "--no-language-warm-up");
        var result = RaifProcess.Run(null, "eval", "run", "--benchmarks", "complexbench", "--data", data, "--endpoint", serve.Url + "v1",
            "--max-new-tokens", "4", "--out", Path.Combine(_dir, "run"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(Path.Combine(data, "complexbench", "data_final.json") + " not found", result.StdErr);
        Assert.False(File.Exists(Path.Combine(_dir, "run", "complexbench", "responses.jsonl")));
    }
}
