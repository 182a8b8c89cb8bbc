using System.Text.Json;

namespace Raif.Cli.Tests;

/// <summary>
/// <c>raif data respond</c> and <c>raif data verify</c> end to end against a real <c>raif serve</c> process (a tiny
/// random model as expert and judge). The tiny model cannot reason or write verdict blocks, so every pair is dropped
/// — the test proves the HTTP path, the files, the reasons and the resume, not a model's quality.
/// </summary>
public sealed class DataRespondVerifyCommandTests(ModelCommandsTests.TinyModelFolder model) : IClassFixture<ModelCommandsTests.TinyModelFolder>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-data-respond-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string[] Reasons(string dropsPath) =>
        File.ReadAllLines(dropsPath).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("reason").GetString()!).ToArray();

    [Fact]
    public void Respond_and_verify_run_against_a_served_model_and_a_rerun_resumes_from_the_journal()
    {
        Assert.Equal(0, model.InitResult.ExitCode);
        using var serve = ServeProcess.Start("--model", model.Folder, "--served-model-name", "tiny", "--port", "0", "--no-language-warm-up");
        string url = serve.Url + "v1";

        var evolve = RaifProcess.Run(null, "data", "evolve", "--offline", "--count", "3", "--seed", "2", "--out", _dir);
        Assert.True(evolve.ExitCode == 0, evolve.StdErr);
        string records = Path.Combine(_dir, "ifeval.jsonl"), pairs = Path.Combine(_dir, "pairs.jsonl");
        string[] respond = ["data", "respond", "--input", records, "--out", pairs, "--expert-url", url, "--max-tokens", "8", "--temperature", "0", "--concurrency", "2"];
        var first = RaifProcess.Run(null, respond);
        Assert.True(first.ExitCode == 0, first.StdErr + first.StdOut);
        Assert.Contains("expert: tiny at", first.StdOut);
        Assert.Contains("[respond] 3/3 done", first.StdOut);
        var reasons = Reasons(Path.Combine(_dir, "pairs.drops.jsonl"));
        Assert.Equal(3, reasons.Length + File.ReadAllLines(pairs).Length);
        // 8 random tokens: cut at the token limit, or (if the model stopped) without reasoning.
        Assert.All(reasons, r => Assert.Contains(r, new[] { "the reply was cut at the token limit", "no reasoning: neither reasoning_content nor a <think> block" }));

        var again = RaifProcess.Run(null, respond);
        Assert.True(again.ExitCode == 0, again.StdErr);
        Assert.Contains("(3 from an earlier run)", again.StdOut);

        // Pairs written by hand: an ifeval one that fails its constraints, two that pass them, a complex one.
        string target = """{"instruction_id_list": ["punctuation:no_comma"], "kwargs": [{}]}""";
        string input = Path.Combine(_dir, "to-verify.jsonl");
        File.WriteAllLines(input,
        [
            JsonSerializer.Serialize(new { id = "comma", task = "ifeval", instruction = "Say hi.", target, response = "<think>\nx\n</think>\n<answer>\nHi, you.\n</answer>" }),
            JsonSerializer.Serialize(new { id = "ok", task = "ifeval", instruction = "Say hi.", target, response = "<think>\nx\n</think>\n<answer>\nHi you.\n</answer>" }),
            JsonSerializer.Serialize(new { id = "cx", task = "complex", instruction = "Say hi.", target = """{"scoring_questions": ["Does it greet?"]}""", response = "<think>\nx\n</think>\n<answer>\nHi you.\n</answer>" }),
        ]);
        string constraintsOnly = Path.Combine(_dir, "constraints.jsonl");
        var rules = RaifProcess.Run(null, "data", "verify", "--input", input, "--out", constraintsOnly, "--checks", "constraints", "--judge-url", url, "--judge-max-tokens", "4");
        Assert.True(rules.ExitCode == 0, rules.StdErr + rules.StdOut);
        Assert.Contains("constraints: 0/1 followed; failed: punctuation:no_comma", Reasons(Path.Combine(_dir, "constraints.drops.jsonl")));
        // The complex pair went to the log-prob judge (raif serve echoes prompt log-probs): kept or dropped on YES/NO, not an error.
        var judged = File.ReadAllLines(constraintsOnly).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(judged, r => r.GetProperty("id").GetString() == "ok");
        Assert.True(judged.Any(r => r.GetProperty("id").GetString() == "cx" && r.GetProperty("verification").GetProperty("judge").GetString() == "logprob")
            || Reasons(Path.Combine(_dir, "constraints.drops.jsonl")).Contains("constraints: 0/1 YES; NO: #1"));

        string full = Path.Combine(_dir, "verified.jsonl");
        var quality = RaifProcess.Run(null, "data", "verify", "--input", input, "--out", full, "--checks", "language,safe", "--judge-url", url, "--judge-max-tokens", "4");
        Assert.True(quality.ExitCode == 0, quality.StdErr + quality.StdOut);
        Assert.Empty(File.ReadAllLines(full));
        Assert.All(Reasons(Path.Combine(_dir, "verified.drops.jsonl")), r => Assert.StartsWith("quality:language: the judge's reply broke the verdict block", r));
    }

    [Fact]
    public void Quality_checks_without_a_judge_are_a_usage_error()
    {
        string input = Path.Combine(_dir, "in.jsonl");
        File.WriteAllText(input, "");
        var run = RaifProcess.Run(null, "data", "verify", "--input", input, "--out", Path.Combine(_dir, "out.jsonl"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("need a judge chat model", run.StdErr);
    }
}
