using System.Text.Json;

namespace Raif.Cli.Tests;

public sealed class DataCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-data-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Offline_evolve_twice_with_one_seed_writes_identical_files_that_reward_score_accepts()
    {
        string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b");
        var first = RaifProcess.Run(null, "data", "evolve", "--offline", "--count", "500", "--seed", "1", "--out", a);
        Assert.True(first.ExitCode == 0, first.StdErr);
        Assert.Contains("wrote 500 records", first.StdOut);
        var second = RaifProcess.Run(null, "data", "evolve", "--offline", "--count", "500", "--seed", "1", "--out", b);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "ifeval.jsonl")), File.ReadAllBytes(Path.Combine(b, "ifeval.jsonl")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "stats.json")), File.ReadAllBytes(Path.Combine(b, "stats.json")));

        // Each record as a rollout with an empty answer: `raif reward score` must parse every target (an
        // unreadable target or a rejected argument would fail the run with exit code 2).
        var records = File.ReadAllLines(Path.Combine(a, "ifeval.jsonl"));
        Assert.Equal(500, records.Distinct().Count());
        string rollouts = Path.Combine(_dir, "rollouts.jsonl");
        File.WriteAllLines(rollouts, records.Select(line =>
        {
            var r = JsonDocument.Parse(line).RootElement;
            return JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["id"] = r.GetProperty("id").GetString()!,
                ["input"] = r.GetProperty("input").GetString()!,
                ["output"] = "thinking</think><answer>ok</answer>",
                ["target"] = r.GetProperty("target").GetString()!,
                ["task"] = r.GetProperty("task").GetString()!,
            });
        }));
        var scored = RaifProcess.Run(null, "reward", "score", "--input", rollouts, "--output", Path.Combine(_dir, "scored.jsonl"));
        Assert.True(scored.ExitCode == 0, scored.StdErr);
        Assert.Contains("scored 500 rollouts", scored.StdOut);
    }

    [Fact]
    public void Evolve_without_offline_is_a_usage_error()
    {
        var result = RaifProcess.Run(null, "data", "evolve", "--out", Path.Combine(_dir, "x"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--offline", result.StdErr);
    }

    [Fact]
    public void A_bad_seed_line_names_file_and_line()
    {
        string seeds = Path.Combine(_dir, "seeds.jsonl");
        File.WriteAllText(seeds, "{\"instruction\":\"Write a short poem about the quiet harbor at dawn.\"}\n{\"instruction\": 5}\n");
        var result = RaifProcess.Run(null, "data", "evolve", "--offline", "--input", seeds, "--count", "5", "--out", Path.Combine(_dir, "y"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("seeds.jsonl", result.StdErr);
        Assert.Contains("2", result.StdErr);
        var skipped = RaifProcess.Run(null, "data", "evolve", "--offline", "--input", seeds, "--count", "5", "--on-error", "skip", "--out", Path.Combine(_dir, "y"));
        Assert.True(skipped.ExitCode == 0, skipped.StdErr);
        Assert.Contains("skipped", skipped.StdErr);
    }
}
