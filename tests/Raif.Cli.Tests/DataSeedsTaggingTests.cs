using System.Text.Json;

namespace Raif.Cli.Tests;

/// <summary><c>raif data seeds --tag-url</c> against <c>raif serve</c> over HTTP (a tiny random model, so its replies never parse).</summary>
public sealed class DataSeedsTaggingTests(ModelCommandsTests.TinyModelFolder model) : IClassFixture<ModelCommandsTests.TinyModelFolder>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-data-seeds-tag-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Tagging_over_http_drops_unreadable_replies_with_reasons_and_a_rerun_asks_nothing()
    {
        string input = Path.Combine(_dir, "in.jsonl");
        File.WriteAllLines(input,
        [
            "{\"instruction\": \"Write a short poem about the quiet harbor at dawn.\"}",
            "{\"instruction\": \"List five practical tips for saving money on groceries.\"}",
        ]);
        using var serve = ServeProcess.Start("--model", model.Folder, "--served-model-name", "tagger", "--chat-template", "qwen", "--port", "0", "--no-language-warm-up");
        string outDir = Path.Combine(_dir, "out");
        string[] args = ["data", "seeds", "--input", input, "--out", outDir, "--tag-url", serve.Url + "v1", "--tag-model", "tagger", "--tag-attempts", "1", "--tag-max-tokens", "16"];

        var first = RaifProcess.Run(null, args);
        Assert.True(first.ExitCode == 0, first.StdErr + serve.StdErr);
        Assert.Contains("tagger: tagger at", first.StdErr);
        Assert.Contains("tagging: 2 -> 0 (tagging reply unusable 2)", first.StdOut);
        var drops = File.ReadAllLines(Path.Combine(outDir, "seeds.drops.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, drops.Count);
        Assert.All(drops, d => Assert.StartsWith("tagging reply unusable after 1 attempt(s)", d.GetProperty("detail").GetString()));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(outDir, "tagging", "tagged.jsonl.journal")).Length);

        byte[] firstDrops = File.ReadAllBytes(Path.Combine(outDir, "seeds.drops.jsonl"));
        var again = RaifProcess.Run(null, args);
        Assert.True(again.ExitCode == 0, again.StdErr);
        // Both seeds are in the journal: the journal does not grow.
        Assert.Equal(2, File.ReadAllLines(Path.Combine(outDir, "tagging", "tagged.jsonl.journal")).Length);
        Assert.Equal(firstDrops, File.ReadAllBytes(Path.Combine(outDir, "seeds.drops.jsonl")));
    }
}
