using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Data.Seeds;
using Raif.RemoteModels;

namespace Raif.Data.Tests.Seeds;

public sealed class SeedSelectionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-seed-selection-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Lines =
    [
        "{\"instruction\": \"Write a short poem about the quiet harbor at dawn and the fishing boats leaving.\"}",     // 1 kept
        "{\"instruction\": \"Write a short poem about the quiet harbor at dawn and the fishing boats leaving.\"}",     // 2 exact dup of 1
        "{\"instruction\": \"Write a short poem about the quiet harbor at dawn and the fishing boats leaving!\"}",     // 3 near dup of 1
        "{\"messages\": [{\"role\": \"user\", \"content\": \"请写一封感谢信给我的老师，感谢她一年来的耐心帮助和鼓励。\"}]}",  // 4 zh
        "{\"instruction\": \"Écris une lettre de remerciement à mon professeur pour son aide précieuse cette année.\"}", // 5 fr
        "{\"instruction\": \"Explain how photosynthesis works to a curious ten-year-old child.\"}",                   // 6 kept
        "{\"instruction\": \"List five practical tips for saving money on groceries every week.\"}",                  // 7 kept
    ];

    private string Input()
    {
        string path = Path.Combine(_dir, "in.jsonl");
        File.WriteAllLines(path, Lines);
        return path;
    }

    private static List<JsonElement> Read(string path) => [.. File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement)];

    [Fact]
    public async Task Duplicates_and_languages_are_dropped_with_reasons_and_the_records_carry_source_and_language()
    {
        string input = Input();
        string outDir = Path.Combine(_dir, "out");
        var summary = await SeedSelection.RunAsync(new SeedSelectionOptions { Inputs = [input], Languages = ["en", "zh"] }, outDir);

        var seeds = Read(summary.SeedsPath);
        Assert.Equal([1L, 4L, 6L, 7L], seeds.Select(s => s.GetProperty("source").GetProperty("line").GetInt64()));
        Assert.Equal(["en", "zh", "en", "en"], seeds.Select(s => s.GetProperty("language").GetString()));
        Assert.All(seeds, s => Assert.Equal(input, s.GetProperty("source").GetProperty("file").GetString()));
        Assert.Equal(["id", "text", "language", "words", "source"], seeds[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(Raif.Data.Stages.ContentId.Of("seed", seeds[0].GetProperty("text").GetString()!), seeds[0].GetProperty("id").GetString());

        var drops = Read(summary.DropsPath);
        Assert.Equal(["exact_dedup", "language", "near_dedup"], drops.Select(d => d.GetProperty("step").GetString()));
        Assert.Equal(seeds[0].GetProperty("id").GetString(), drops[0].GetProperty("duplicate_of").GetString());
        Assert.Equal("language not kept: fr", drops[1].GetProperty("reason").GetString());
        Assert.Equal(5, drops[1].GetProperty("source").GetProperty("line").GetInt64());
        Assert.Equal(seeds[0].GetProperty("id").GetString(), drops[2].GetProperty("duplicate_of").GetString());
        Assert.Equal(3, drops[2].GetProperty("source").GetProperty("line").GetInt64());

        var stats = JsonDocument.Parse(File.ReadAllText(summary.StatsPath)).RootElement;
        Assert.Equal(7, stats.GetProperty("read").GetInt32());
        Assert.Equal(4, stats.GetProperty("written").GetInt32());
        var steps = stats.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!);
        Assert.Equal((7, 6), (steps["exact_dedup"].GetProperty("in").GetInt32(), steps["exact_dedup"].GetProperty("out").GetInt32()));
        Assert.Equal(1, steps["language"].GetProperty("dropped").GetProperty("language not kept: fr").GetInt32());
        Assert.Equal(1, steps["near_dedup"].GetProperty("dropped").GetProperty("near duplicate").GetInt32());
    }

    [Fact]
    public async Task The_output_feeds_offline_evolution_as_it_is()
    {
        var summary = await SeedSelection.RunAsync(new SeedSelectionOptions { Inputs = [Input()], Languages = ["en", "zh"] }, Path.Combine(_dir, "out"));
        var seeds = SeedFile.Read(summary.SeedsPath, "instruction", skipBadLines: false);
        Assert.Equal(4, seeds.Count);
        Assert.Equal("zh", seeds[1].Language);
        Assert.Equal(Read(summary.SeedsPath).Select(s => s.GetProperty("id").GetString()), seeds.Select(s => s.Id));

        // The model stages read line by line with --field text.
        var lines = JsonlReader.ReadLines(summary.SeedsPath).Select(l => SeedLine.From(l, "text")).ToList();
        Assert.Equal(seeds.Select(s => (s.Id, s.Text, s.Language)), lines.Select(s => (s.Id, s.Text, s.Language)));
        Assert.Equal(seeds.Select(s => s.Words), lines.Select(s => s.Words));
    }

    [Fact]
    public async Task The_same_inputs_and_seed_give_byte_identical_files_and_another_seed_another_sample()
    {
        string input = Path.Combine(_dir, "many.jsonl");
        File.WriteAllLines(input, Enumerable.Range(0, 60).Select(i => JsonSerializer.Serialize(new { instruction = $"Task {i}: describe item {i * 7919 % 1000} of the catalogue in {i % 5 + 2} sentences." })));
        async Task<(byte[], byte[], byte[])> Run(string name, long seed)
        {
            var s = await SeedSelection.RunAsync(new SeedSelectionOptions { Inputs = [input], Count = 10, RandomSeed = seed, NearDuplicateThreshold = 0.99 }, Path.Combine(_dir, name));
            return (File.ReadAllBytes(s.SeedsPath), File.ReadAllBytes(s.StatsPath), File.ReadAllBytes(s.DropsPath));
        }
        var a = await Run("a", 5);
        var b = await Run("b", 5);
        var c = await Run("c", 6);
        Assert.Equal(a.Item1, b.Item1);
        Assert.Equal(a.Item2, b.Item2);
        Assert.Equal(a.Item3, b.Item3);
        Assert.NotEqual(a.Item1, c.Item1);
        Assert.Equal(10, File.ReadAllLines(Path.Combine(_dir, "a", SeedSelection.SeedsFile)).Length);
    }

    [Fact]
    public async Task Tagging_feeds_the_topic_filter_and_the_quotas()
    {
        string input = Path.Combine(_dir, "tagged-in.jsonl");
        // 12 poems (Creativity & Design, ability "poetry"), 4 fact questions (Knowledge Q&A, dropped by the paper's filter),
        // 4 plans (Problem Solving, each its own ability); one reply is never readable.
        var texts = Enumerable.Range(0, 12).Select(i => $"Write a poem about the colour number {i} in a sunset sky.")
            .Concat(Enumerable.Range(0, 4).Select(i => $"What is the capital city of country number {i} on the list?"))
            .Concat(Enumerable.Range(0, 4).Select(i => $"Plan a weekend schedule for family number {i} with chores."))
            .Append("This one gets a broken reply from the tagging model every time.");
        File.WriteAllLines(input, texts.Select(t => JsonSerializer.Serialize(new { instruction = t })));
        var chat = new ScriptedChatClient(prompt => prompt switch
        {
            _ when prompt.Contains("broken reply", StringComparison.Ordinal) => "no idea",
            _ when prompt.Contains("Write a poem", StringComparison.Ordinal) => "{\"topics\": [\"Creativity & Design\"], \"abilities\": [\"poetry\"]}",
            _ when prompt.Contains("capital city", StringComparison.Ordinal) => "{\"topics\": [\"Knowledge Q&A\"], \"abilities\": [\"geography\"]}",
            _ => $"{{\"topics\": [\"Problem Solving\"], \"abilities\": [\"planning {prompt.Split("family number ")[1][0]}\"]}}",
        });
        var tagger = new SeedTagger(chat, new SeedTaggingOptions { Concurrency = 2, Retry = new RetryPolicy(TimeSpan.FromSeconds(10), 0) });
        var options = new SeedSelectionOptions { Inputs = [input], KeepTopics = SeedTopics.PaperFilter, AbilityQuota = 3, NearDuplicateThreshold = 0.95 };

        var summary = await SeedSelection.RunAsync(options, Path.Combine(_dir, "out"), tagger);

        var seeds = Read(summary.SeedsPath);
        // 3 poems (the quota) + 4 plans.
        Assert.Equal(7, seeds.Count);
        Assert.Equal(3, seeds.Count(s => s.GetProperty("tags").GetProperty("abilities")[0].GetString() == "poetry"));
        Assert.Equal(4, seeds.Count(s => s.GetProperty("tags").GetProperty("topics")[0].GetString() == "Problem Solving"));
        var steps = JsonDocument.Parse(File.ReadAllText(summary.StatsPath)).RootElement.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!);
        Assert.Equal(1, steps["tagging"].GetProperty("dropped").GetProperty("tagging reply unusable").GetInt32());
        Assert.Equal(4, steps["topic_filter"].GetProperty("dropped").GetProperty("no kept topic").GetInt32());
        Assert.Equal(9, steps["sampling"].GetProperty("dropped").GetProperty("ability quota full").GetInt32());
        var tagDrop = Read(summary.DropsPath).Single(d => d.GetProperty("step").GetString() == "tagging");
        Assert.Contains("no JSON object", tagDrop.GetProperty("detail").GetString());

        // A rerun finds every tag in the journal and asks nothing.
        int calls = chat.Calls;
        var again = await SeedSelection.RunAsync(options, Path.Combine(_dir, "out"), tagger);
        Assert.Equal(calls, chat.Calls);
        Assert.Equal(File.ReadAllBytes(summary.SeedsPath), File.ReadAllBytes(again.SeedsPath));
    }

    [Fact]
    public async Task A_bad_line_names_file_line_and_field_unless_skipped()
    {
        string input = Path.Combine(_dir, "bad.jsonl");
        File.WriteAllLines(input, ["{\"instruction\": \"Plan a picnic by the lake.\"}", "{\"instruction\": []}", "{oops"]);
        var error = await Assert.ThrowsAsync<JsonlException>(() => SeedSelection.RunAsync(new SeedSelectionOptions { Inputs = [input] }, Path.Combine(_dir, "o")));
        Assert.Contains("bad.jsonl:2: field 'instruction'", error.Message);

        var skipped = new List<JsonlException>();
        var summary = await SeedSelection.RunAsync(new SeedSelectionOptions { Inputs = [input], SkipBadLines = true }, Path.Combine(_dir, "o"), reportSkipped: skipped.Add);
        Assert.Equal([2L, 3L], skipped.Select(e => e.Line));
        Assert.Equal(1, summary.Written);
        var stats = JsonDocument.Parse(File.ReadAllText(summary.StatsPath)).RootElement;
        Assert.Equal(2, stats.GetProperty("inputs")[0].GetProperty("bad_lines_skipped").GetInt32());
    }

    [Fact]
    public async Task Quotas_and_topic_filters_without_tagging_are_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            SeedSelection.RunAsync(new SeedSelectionOptions { Inputs = [Input()], AbilityQuota = 2 }, Path.Combine(_dir, "o")));
        Assert.Contains("needs tagging", error.Message);
    }
}
