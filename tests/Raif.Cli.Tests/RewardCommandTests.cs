using System.Text.Json;
using Raif.Core.Templates;

namespace Raif.Cli.Tests;

public sealed class RewardCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-reward-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string Prompt = ChatTemplates.Qwen.RenderPrompt(CotTrigger.SystemPrompt(), "What is 5 * 7?");

    private static string Line(object id, string output, string target, string? task) =>
        JsonSerializer.Serialize(new Dictionary<string, object?> { ["id"] = id, ["input"] = Prompt, ["output"] = output, ["target"] = target, ["task"] = task });

    private string Write(params string[] lines)
    {
        string path = Path.Combine(_dir, "rollouts.jsonl");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    private string OutputPath => Path.Combine(_dir, "scored.jsonl");

    [Fact]
    public void Scores_lines_in_order_with_every_field()
    {
        string input = Write(
            Line(7, "5 times 7</think><answer>\\boxed{35}</answer>", "35", "default"),
            Line("b", "guess</think><answer>\\boxed{36}</answer>", "35", null),
            Line("c", "no think close <answer>35</answer>", "35", null));

        var result = RaifProcess.Run(null, "reward", "score", "--input", input, "--output", OutputPath);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("scored 3 rollouts", result.StdOut);
        var lines = File.ReadAllLines(OutputPath);
        Assert.Equal(3, lines.Length);
        Assert.Equal(
            "{\"id\":7,\"format_valid\":true,\"format_reward\":1,\"answer_reward\":2,\"total\":3,\"pass_count\":1,\"n\":1," +
            "\"scored\":true,\"accuracy\":1,\"superior\":true,\"reason\":\"format: ok; maths: equal ('35')\",\"follow_list\":null}",
            lines[0]);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("b", second.RootElement.GetProperty("id").GetString());
        Assert.Equal(-0.5, second.RootElement.GetProperty("total").GetDouble());
        using var third = JsonDocument.Parse(lines[2]);
        Assert.Equal(-3, third.RootElement.GetProperty("total").GetDouble());
        Assert.Equal("format: missing </think>; maths: no \\boxed answer", third.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public void A_line_that_cannot_be_scored_fails_the_run_with_its_line_number()
    {
        string input = Write(
            Line(1, "x</think><answer>\\boxed{35}</answer>", "35", null),
            "",
            Line(2, "x</think><answer>text</answer>", "{\"scoring_questions\":[\"Is it short?\"]}", "complex_en"));

        var result = RaifProcess.Run(null, "reward", "score", "-i", input, "-o", OutputPath);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{input}:3: no judge configured", result.StdErr);
        Assert.False(File.Exists(OutputPath));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Malformed_lines_fail_by_default_and_are_reported_and_skipped_on_request()
    {
        string input = Write(
            Line("a", "x</think><answer>\\boxed{35}</answer>", "35", null),
            "{\"id\": \"broken\", \"input\": ",
            "{\"id\": \"no-output\", \"input\": \"p\", \"target\": \"1\"}",
            Line("d", "x</think><answer>\\boxed{1}</answer>", "{\"scoring_questions\":[\"q\"]}", "complex"),
            Line("e", "x</think><answer>\\boxed{35}</answer>", "35", "mystery"),
            Line("f", "x</think><answer>\\boxed{35}</answer>", "35", null));

        var failed = RaifProcess.Run(null, "reward", "score", "-i", input, "-o", OutputPath);
        Assert.Equal(2, failed.ExitCode);
        Assert.Contains($"{input}:2: not valid JSON", failed.StdErr);

        var skipped = RaifProcess.Run(null, "reward", "score", "-i", input, "-o", OutputPath, "--on-error", "skip");
        Assert.Equal(0, skipped.ExitCode);
        Assert.Contains($"skipped: {input}:2: not valid JSON", skipped.StdErr);
        Assert.Contains($"skipped: {input}:3: field 'output': missing", skipped.StdErr);
        Assert.Contains($"skipped: {input}:4: no judge configured", skipped.StdErr);
        Assert.Contains($"skipped: {input}:5: field 'task': unknown task 'mystery'", skipped.StdErr);
        Assert.Contains("skipped 4 lines", skipped.StdOut);
        var ids = File.ReadAllLines(OutputPath).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString());
        Assert.Equal(["a", "f"], ids);
    }

    [Fact]
    public void On_error_accepts_only_fail_or_skip()
    {
        var result = RaifProcess.Run(null, "reward", "score", "-i", "x", "-o", OutputPath, "--on-error", "ignore");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("ignore", result.StdErr);
    }

    [Fact]
    public void A_missing_input_file_is_a_usage_error()
    {
        var result = RaifProcess.Run(null, "reward", "score", "-i", Path.Combine(_dir, "absent.jsonl"), "-o", OutputPath);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("absent.jsonl: file not found", result.StdErr);
    }

    [Fact]
    public void Help_lists_the_reward_verb()
    {
        var result = RaifProcess.Run(null, "reward", "score", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--on-error", result.StdOut);
        Assert.Contains("--no-reasoning-required", result.StdOut);
        Assert.Contains("--ifeval-variant", result.StdOut);
    }

    [Fact]
    public void Ifeval_lines_are_scored_with_the_chosen_checker_semantics()
    {
        const string target = "{\"instruction_id_list\": [\"keywords:existence\", \"punctuation:no_comma\"], \"kwargs\": [{\"keywords\": [\"a.b\"]}, {}]}";
        string input = Write(Line("k", "plan</think><answer>axb, yes</answer>", target, "ifeval"));

        RaifProcess.Run(null, "reward", "score", "-i", input, "-o", OutputPath);
        using (var official = JsonDocument.Parse(File.ReadAllText(OutputPath)))
        {
            Assert.Equal(1.5, official.RootElement.GetProperty("total").GetDouble());
            Assert.Equal("[true,false]", official.RootElement.GetProperty("follow_list").GetRawText());
            Assert.Equal("format: ok; ifeval: 1/2 passed; failed: punctuation:no_comma", official.RootElement.GetProperty("reason").GetString());
        }

        RaifProcess.Run(null, "reward", "score", "-i", input, "-o", OutputPath, "--ifeval-variant", "raif");
        using var raif = JsonDocument.Parse(File.ReadAllText(OutputPath));
        Assert.Equal(-1, raif.RootElement.GetProperty("total").GetDouble());
        Assert.Equal(0, raif.RootElement.GetProperty("pass_count").GetInt32());
    }
}
