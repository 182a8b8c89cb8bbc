using System.Text.Json;
using Raif.Tests.Shared;

namespace Raif.Cli.Tests;

/// <summary><c>raif eval run</c> against a real <c>raif serve</c> process (tiny model as the policy), then <c>raif eval compare</c>.</summary>
public sealed class EvalRunCommandTests(ModelCommandsTests.TinyModelFolder model) : IClassFixture<ModelCommandsTests.TinyModelFolder>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-cli-evalrun-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string DataRoot()
    {
        string ifeval = Directory.CreateDirectory(Path.Combine(_dir, "data", "ifeval")).FullName;
        File.WriteAllLines(Path.Combine(ifeval, "input_data.jsonl"), File.ReadLines(TestDataFolder.Committed("ifeval", "input_data.jsonl")).Take(5));
        return Path.Combine(_dir, "data");
    }

    [Fact]
    public void A_served_model_is_evaluated_resumed_from_its_cache_and_compared()
    {
        Assert.Equal(0, model.InitResult.ExitCode);
        string data = DataRoot();
        using var serve = ServeProcess.Start("--model", model.Folder, "--served-model-name", "tiny", "--port", "0", "--no-language-warm-up");
        string io = Path.Combine(_dir, "io"), cot = Path.Combine(_dir, "cot");
        string[] common = ["eval", "run", "--benchmarks", "ifeval", "--data", data, "--endpoint", serve.Url + "v1", "--max-new-tokens", "8", "--limit", "3", "--concurrency", "2"];

        var first = RaifProcess.Run(null, [.. common, "--out", io]);
        Assert.True(first.ExitCode == 0, first.StdErr + first.StdOut);
        Assert.Contains("policy: tiny", first.StdErr);
        var responses = File.ReadAllLines(Path.Combine(io, "ifeval", "responses.jsonl"));
        Assert.Equal(3, responses.Length);
        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(io, "report.json"))).RootElement;
        Assert.Equal("io", report.GetProperty("mode").GetString());
        Assert.Equal(3, report.GetProperty("benchmarks")[0].GetProperty("generated").GetInt32());
        Assert.True(File.Exists(Path.Combine(io, "report.png")));

        // The same command again: everything comes from the cache, nothing is regenerated.
        var again = RaifProcess.Run(null, [.. common, "--out", io]);
        Assert.True(again.ExitCode == 0, again.StdErr);
        Assert.Equal(responses, File.ReadAllLines(Path.Combine(io, "ifeval", "responses.jsonl")));
        Assert.Equal(0, JsonDocument.Parse(File.ReadAllText(Path.Combine(io, "report.json"))).RootElement.GetProperty("benchmarks")[0].GetProperty("generated").GetInt32());

        var withCot = RaifProcess.Run(null, [.. common, "--out", cot, "--mode", "cot"]);
        Assert.True(withCot.ExitCode == 0, withCot.StdErr);
        var compare = RaifProcess.Run(null, "eval", "compare", io, cot);
        Assert.True(compare.ExitCode == 0, compare.StdErr);
        Assert.Contains("ifeval", compare.StdOut);
        Assert.Contains("cot", compare.StdOut);
    }

    [SkippableFact]
    public void A_local_policy_and_a_local_judge_run_a_judged_benchmark_and_a_rerun_asks_nothing()
    {
        string infobench = TestDataFolder.External("infobench", "infobench.jsonl");
        Assert.Equal(0, model.InitResult.ExitCode);
        string data = DataRoot();
        Directory.CreateDirectory(Path.Combine(data, "infobench"));
        File.WriteAllLines(Path.Combine(data, "infobench", "infobench.jsonl"), File.ReadLines(infobench).Take(2));
        string output = Path.Combine(_dir, "local");
        string[] command = ["eval", "run", "--benchmarks", "ifeval,infobench", "--data", data, "--model", model.Folder, "--judge", model.Folder,
            "--max-new-tokens", "6", "--judge-max-tokens", "4", "--limit", "2", "--out", output];

        var first = RaifProcess.Run(null, command);
        Assert.True(first.ExitCode == 0, first.StdErr + first.StdOut);
        Assert.Contains("policy: local model", first.StdErr);
        string judgments = Path.Combine(output, "infobench", "judgments.jsonl");
        var replies = File.ReadAllLines(judgments);
        Assert.NotEmpty(replies); // one multi-turn conversation per item, a reply per question until an early stop
        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json"))).RootElement;
        Assert.Equal(["ifeval", "infobench"], report.GetProperty("benchmarks").EnumerateArray().Select(b => b.GetProperty("name").GetString()));

        var again = RaifProcess.Run(null, command);
        Assert.True(again.ExitCode == 0, again.StdErr);
        Assert.Equal(replies, File.ReadAllLines(judgments));
        var second = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json"))).RootElement;
        Assert.All(second.GetProperty("benchmarks").EnumerateArray(), b => Assert.Equal(0, b.GetProperty("generated").GetInt32()));
        Assert.Equal(report.GetProperty("average").GetDouble(), second.GetProperty("average").GetDouble());
    }

    [Fact]
    public void Help_says_how_to_run_table_1_and_what_the_judged_benchmarks_need()
    {
        var help = RaifProcess.Run(null, "eval", "run", "--help");
        Assert.Equal(0, help.ExitCode);
        foreach (string needed in new[] { "vLLM", "Qwen2.5-72B-Instruct", "--judge-url", "judge_prompt.txt", "docs/evaluation.md", "--judge-no-json-format", "--limit" })
            Assert.Contains(needed, help.StdOut);
        foreach (string benchmark in new[] { "ifeval", "ifbench", "cello", "cfbench", "complexbench", "fbbench", "followbench", "infobench" })
            Assert.Contains(benchmark, help.StdOut);
    }

    [Fact]
    public void Unknown_benchmarks_and_missing_data_are_usage_errors()
    {
        string data = DataRoot();
        var unknown = RaifProcess.Run(null, "eval", "run", "--benchmarks", "ifeval,nosuch", "--data", data, "--endpoint", "http://127.0.0.1:9/v1", "--out", Path.Combine(_dir, "x"));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown benchmark 'nosuch'", unknown.StdErr);

        var missing = RaifProcess.Run(null, "eval", "run", "--benchmarks", "ifeval", "--data", Path.Combine(_dir, "nowhere"), "--endpoint", "http://127.0.0.1:9/v1", "--out", Path.Combine(_dir, "y"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nowhere", missing.StdErr);

        var compare = RaifProcess.Run(null, "eval", "compare", Path.Combine(_dir, "not-a-run"));
        Assert.Equal(2, compare.ExitCode);
        Assert.Contains("report.json", compare.StdErr);
    }
}
