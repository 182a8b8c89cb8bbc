using System.Text.Json;

namespace Raif.Cli.Tests;

/// <summary>
/// <c>raif data evolve-rules</c> and <c>evolve-checklist</c> from the command line, against a real (tiny, random)
/// model served by <c>raif serve</c>: a random model never writes the asked format, so every seed is dropped with
/// the parser's reason; a rerun takes every seed from the journal.
/// </summary>
public sealed class DataEvolveModelCommandTests(ModelCommandsTests.TinyModelFolder model) : IClassFixture<ModelCommandsTests.TinyModelFolder>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-data-evolve-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Seeds()
    {
        string path = Path.Combine(_dir, "seeds.jsonl");
        File.WriteAllLines(path,
        [
            JsonSerializer.Serialize(new { id = "s1", text = "Write a short poem about the quiet harbor at dawn.", language = "en", source = "test" }),
            JsonSerializer.Serialize(new { id = "s2", text = "给一位刚搬家的朋友写一张祝贺卡片。", language = "zh", source = "test" }),
        ]);
        return path;
    }

    [Fact]
    public void Without_a_model_both_verbs_are_usage_errors()
    {
        foreach (var verb in new[] { "evolve-rules", "evolve-checklist" })
        {
            var result = RaifProcess.Run(null, "data", verb, "--input", Seeds(), "--out", Path.Combine(_dir, verb));
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("--judge-url", result.StdErr);
        }
    }

    [Fact]
    public void A_bad_examples_file_is_named()
    {
        string examples = Path.Combine(_dir, "examples");
        Directory.CreateDirectory(examples);
        File.WriteAllText(Path.Combine(examples, "broken.json"), """{"language": "en", "composition": "and"}""");
        var result = RaifProcess.Run(null, "data", "evolve-checklist", "--input", Seeds(), "--out", Path.Combine(_dir, "x"), "--examples", examples, "--judge-url", "http://127.0.0.1:1/v1");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("broken.json", result.StdErr);
        Assert.Contains("field \"scoring_questions\"", result.StdErr);
    }

    [Fact]
    public void Against_a_served_model_every_broken_reply_is_a_drop_with_its_reason_and_a_rerun_asks_nothing()
    {
        Assert.Equal(0, model.InitResult.ExitCode);
        using var serve = ServeProcess.Start("--model", model.Folder, "--served-model-name", "tiny", "--chat-template", "qwen", "--port", "0", "--no-language-warm-up");
        string seeds = Seeds();
        foreach (var (verb, file, prefix) in new[] { ("evolve-rules", "ifeval", "semantic words: 2 replies"), ("evolve-checklist", "complex", "evolve: 2 replies") })
        {
            string output = Path.Combine(_dir, verb);
            string[] args = ["data", verb, "--input", seeds, "--out", output, "--judge-url", serve.Url + "v1", "--judge-model", "tiny", "--judge-max-tokens", "8", "--reply-retries", "1", "--concurrency", "2"];
            var first = RaifProcess.Run(null, args);
            Assert.True(first.ExitCode == 0, first.StdErr + serve.StdErr);
            Assert.Contains("wrote 0 records", first.StdOut);
            Assert.Contains("2 seeds dropped", first.StdOut);
            Assert.Equal("", File.ReadAllText(Path.Combine(output, file + ".jsonl")));
            var drops = File.ReadAllLines(Path.Combine(output, file + ".drops.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(["s1", "s2"], drops.Select(d => d.GetProperty("id").GetString()));
            Assert.All(drops, d => Assert.StartsWith(prefix, d.GetProperty("reason").GetString()));

            var again = RaifProcess.Run(null, args);
            Assert.True(again.ExitCode == 0, again.StdErr);
            Assert.Contains("2 taken from the journal of an earlier run", again.StdOut);
        }
    }
}
