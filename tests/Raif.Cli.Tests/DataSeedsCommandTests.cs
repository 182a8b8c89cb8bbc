using System.Text.Json;
using System.Text.Json.Serialization;
using Parquet.Serialization;

namespace Raif.Cli.Tests;

public sealed class DataSeedsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-data-seeds-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class Row
    {
        [JsonPropertyName("prompt")]
        public string? Prompt { get; set; }
    }

    [Fact]
    public async Task Seeds_from_jsonl_and_parquet_are_deduplicated_sampled_reproducibly_and_evolve_reads_them()
    {
        string jsonl = Path.Combine(_dir, "a.jsonl"), parquet = Path.Combine(_dir, "b.parquet");
        File.WriteAllLines(jsonl,
        [
            "{\"prompt\": \"Write a short poem about the quiet harbor at dawn and the fishing boats leaving.\"}",
            "{\"messages\": [{\"role\": \"user\", \"content\": \"请写一封感谢信给我的老师，感谢她一年来的耐心帮助和鼓励。\"}]}",
            "{\"prompt\": \"Écris une lettre de remerciement à mon professeur pour son aide précieuse cette année.\"}",
        ]);
        await ParquetSerializer.SerializeAsync(new[]
        {
            new Row { Prompt = "Write a short poem about the quiet harbor at dawn and the fishing boats leaving!" },
            new Row { Prompt = "Explain how photosynthesis works to a curious ten-year-old child." },
            new Row { Prompt = "List five practical tips for saving money on groceries every week." },
        }, parquet);

        string a = Path.Combine(_dir, "out-a"), b = Path.Combine(_dir, "out-b");
        string[] args = ["data", "seeds", "--input", jsonl, "--input", parquet, "--field", "prompt", "--languages", "en,zh", "--count", "3", "--seed", "4"];
        var first = RaifProcess.Run(null, [.. args, "--out", a]);
        Assert.True(first.ExitCode == 0, first.StdErr);
        Assert.Contains("wrote 3 seeds", first.StdOut);
        Assert.Contains("near_dedup: 5 -> 4 (near duplicate 1)", first.StdOut);
        Assert.Contains("language: 6 -> 5 (language not kept: fr 1)", first.StdOut);
        var second = RaifProcess.Run(null, [.. args, "--out", b]);
        Assert.Equal(0, second.ExitCode);
        foreach (var file in new[] { "seeds.jsonl", "seeds.stats.json", "seeds.drops.jsonl" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, file)), File.ReadAllBytes(Path.Combine(b, file)));

        var near = File.ReadAllLines(Path.Combine(a, "seeds.drops.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).Single(d => d.GetProperty("step").GetString() == "near_dedup");
        Assert.Equal(parquet, near.GetProperty("source").GetProperty("file").GetString());
        Assert.Equal(1, near.GetProperty("source").GetProperty("line").GetInt32());

        var evolved = RaifProcess.Run(null, "data", "evolve", "--offline", "--input", Path.Combine(a, "seeds.jsonl"), "--count", "20", "--out", Path.Combine(_dir, "evolved"));
        Assert.True(evolved.ExitCode == 0, evolved.StdErr);
        Assert.Contains("(from 3 seeds)", evolved.StdOut);
    }

    [Fact]
    public void A_bad_line_is_a_usage_error_naming_file_line_and_field()
    {
        string jsonl = Path.Combine(_dir, "bad.jsonl");
        File.WriteAllLines(jsonl, ["{\"prompt\": \"Plan a picnic by the lake.\"}", "{\"prompt\": 3}"]);
        var result = RaifProcess.Run(null, "data", "seeds", "--input", jsonl, "--field", "prompt", "--out", Path.Combine(_dir, "o"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.jsonl:2: field 'prompt'", result.StdErr);
        var skipped = RaifProcess.Run(null, "data", "seeds", "--input", jsonl, "--field", "prompt", "--on-error", "skip", "--out", Path.Combine(_dir, "o"));
        Assert.True(skipped.ExitCode == 0, skipped.StdErr);
        Assert.Contains("skipped: ", skipped.StdErr);
    }

    [Fact]
    public void Quotas_without_a_tagging_model_are_a_usage_error()
    {
        string jsonl = Path.Combine(_dir, "in.jsonl");
        File.WriteAllLines(jsonl, ["{\"instruction\": \"Plan a picnic by the lake.\"}"]);
        var result = RaifProcess.Run(null, "data", "seeds", "--input", jsonl, "--ability-quota", "3", "--out", Path.Combine(_dir, "o"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--tag-url", result.StdErr);
    }
}
