using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Raif.Core.Jsonl;
using Raif.Data.Checklist;
using Raif.Data.Export;
using Raif.Data.Pipeline;
using Raif.Data.Seeds;
using Raif.Data.Stages;
using Raif.Data.Tests.Models;

namespace Raif.Data.Tests.Pipeline;

/// <summary>
/// The whole model path, seeds → evolve-rules + evolve-checklist → evolved → respond → verify → export, against fake
/// chat models (one per stage, told apart by their url).
/// </summary>
public sealed partial class ModelPipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-model-pipeline-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly IReadOnlyList<string> EnglishSeeds = [.. BuiltinSeeds.Seeds.Where(s => s.Language == Seed.English).Take(6).Select(s => s.Text)];

    /// <summary>The checklist model never answers this seed's evolve prompt in the delimiter format.</summary>
    private static string BrokenSeed => EnglishSeeds[2];

    private const string Words = """{"keywords": ["lantern", "meadow"], "frequency_keyword": "compass", "forbidden_words": ["volcano", "saxophone"], "first_word": "meanwhile"}""";

    [GeneratedRegex(@"exactly (\d+) sub-instructions and exactly (\d+) scoring questions")]
    private static partial Regex Counts();

    /// <summary>
    /// Follows both checklist prompts (numbered items quoting the seed for evolve, so each seed's record differs; the
    /// items joined for merge); breaks the format for <see cref="BrokenSeed"/>.
    /// </summary>
    private static string Checklist(IReadOnlyList<ChatMessage> conversation)
    {
        string prompt = conversation[0].Text;
        if (!prompt.Contains("### Seed task", StringComparison.Ordinal))
        {
            string items = prompt[(prompt.IndexOf("### Sub-instructions\n", StringComparison.Ordinal) + 21)..];
            string merged = string.Join(" ", items.Split('\n').Select(l => Regex.Replace(l, @"^\d+\. ", "")));
            return $"{ChecklistPrompts.MergeStart}\n{merged}\n{ChecklistPrompts.MergeEnd}";
        }
        if (prompt.Contains(BrokenSeed, StringComparison.Ordinal))
            return "Sure! Here are some sub-instructions, without any delimiters.";
        string seed = prompt[(prompt.IndexOf("### Seed task\n", StringComparison.Ordinal) + 14)..prompt.IndexOf("\n\n### Target language", StringComparison.Ordinal)];
        var counts = Counts().Match(prompt);
        int subs = int.Parse(counts.Groups[1].Value), questions = int.Parse(counts.Groups[2].Value);
        var reply = new List<string> { ChecklistPrompts.EvolveStart, "Sub-Instructions:" };
        for (int i = 1; i <= subs; i++)
            reply.Add($"{i}. For the task \"{seed}\", part {i} gives {i + 10} examples.");
        reply.Add("Scoring Questions:");
        for (int i = 1; i <= questions; i++)
            reply.Add($"{i}. Does part {i} of the response give {i + 10} examples?");
        reply.Add(ChecklistPrompts.EvolveEnd);
        return string.Join("\n", reply);
    }

    private sealed record Models(FakeChatClient Rules, FakeChatClient Checklist, FakeChatClient Expert)
    {
        public FakeModelProvider Provider => new(new Dictionary<string, FakeChatClient>
        {
            ["http://rules/v1"] = Rules,
            ["http://checklist/v1"] = Checklist,
            ["http://expert/v1"] = Expert,
        });
    }

    private static Models NewModels(Func<int, Task>? beforeChecklistAnswer = null, Func<int, Task>? beforeExpertAnswer = null) => new(
        new FakeChatClient(_ => Words),
        new FakeChatClient(Checklist) { BeforeAnswer = beforeChecklistAnswer },
        // Reasoning in a <think> block, as a served reasoning model without a reasoning parser answers.
        new FakeChatClient(_ => "<think>\nI list what the task asks for.\n</think>\nHere is the answer.") { BeforeAnswer = beforeExpertAnswer });

    /// <summary>7 input lines: the 6 seeds, the second one twice (an exact duplicate the seeds stage removes).</summary>
    private string WriteInputs()
    {
        string path = Path.Combine(_dir, "pool.jsonl");
        var lines = EnglishSeeds.Select(t => JsonSerializer.Serialize(new { instruction = t })).ToList();
        lines.Insert(3, lines[1]);
        File.WriteAllLines(path, lines);
        return path;
    }

    private string WriteConfig(string work)
    {
        WriteInputs();
        string path = Path.Combine(_dir, work + ".toml");
        File.WriteAllText(path, $"""
            work = "{work}"

            [seeds]
            inputs = ["pool.jsonl"]
            field = "instruction"

            [evolve-rules]
            url = "http://rules/v1"
            seed = 5
            max_constraints = 3
            concurrency = 2

            [evolve-checklist]
            url = "http://checklist/v1"
            seed = 5
            concurrency = 2

            [respond]
            url = "http://expert/v1"
            concurrency = 3

            [verify]
            checks = "none"

            [export]
            template = "qwen"
            """);
        return path;
    }

    private static string[] Lines(string path) => File.ReadAllLines(path);

    [Fact]
    public async Task Seeds_feed_both_evolutions_whose_records_are_concatenated_in_order_and_reach_export_and_a_rerun_skips_every_stage()
    {
        var config = PipelineConfig.Load(WriteConfig("a"));
        Assert.Equal(["seeds", "evolve-rules", "evolve-checklist", "evolved", "respond", "verify", "export"], config.Stages.Select(s => s.Name));
        var models = NewModels();
        var files = await PipelineRunner.RunAsync(config.Stages, config.WorkDir, models.Provider);
        string work = Path.Combine(_dir, "a");

        // seeds: 7 lines, 1 exact duplicate → 6.
        var seeds = JsonlReader.ReadLines(Path.Combine(work, "seeds", SeedSelection.SeedsFile)).ToList();
        Assert.Equal(6, seeds.Count);
        Assert.Equal(EnglishSeeds.Order(StringComparer.Ordinal), seeds.Select(s => s.RequiredString("text")).Order(StringComparer.Ordinal));

        // evolve-rules: one record per seed, one words call per seed, the model's words in the records.
        var rules = Lines(Path.Combine(work, "evolve-rules", "ifeval.jsonl"));
        Assert.Equal(6, rules.Length);
        Assert.Equal(6, models.Rules.Calls);
        Assert.All(rules, l => Assert.Contains("\"task\":\"ifeval\"", l, StringComparison.Ordinal));

        // evolve-checklist: 5 seeds × (evolve + merge) = 10 calls, the broken seed asked 1 + 2 retries = 3 times and dropped.
        var complex = Lines(Path.Combine(work, "evolve-checklist", "complex.jsonl"));
        Assert.Equal(5, complex.Length);
        Assert.Equal(13, models.Checklist.Calls);
        var drop = Assert.Single(Lines(Path.Combine(work, "evolve-checklist", "complex.drops.jsonl")));
        Assert.Contains("evolve: 3 replies broke the format", drop, StringComparison.Ordinal);

        // evolved: the ifeval records, then the complex ones, byte for byte.
        var evolved = Lines(Path.Combine(work, "evolved", "evolved.jsonl"));
        Assert.Equal([.. rules, .. complex], evolved);

        // respond: one expert call per record; verify (format only) and export keep all 11.
        Assert.Equal(11, models.Expert.Calls);
        Assert.Equal(11, Lines(Path.Combine(work, "respond", "respond.jsonl")).Length);
        Assert.Equal(11, Lines(Path.Combine(work, "verify", "verify.jsonl")).Length);
        string rl = Path.Combine(work, "export", ExportStage.RlFile);
        Assert.Equal(rl, files[^1].OutputPath);
        var exported = JsonlReader.ReadLines(rl).Select(l => l.RequiredString("task")).ToList();
        Assert.Equal([.. Enumerable.Repeat("ifeval", 6), .. Enumerable.Repeat("complex", 5)], exported);
        Assert.Equal(11, Lines(Path.Combine(work, "export", ExportStage.SftFile)).Length);
        using (var stats = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(work, "export", ExportStage.StatsFile))))
        {
            var stages = stats.RootElement.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!);
            Assert.Equal(["seeds", "evolve-rules", "evolve-checklist", "evolved", "respond", "verify", "export"], stages.Keys);
        }

        var before = Snapshot(work);
        var events = new List<PipelineEvent>();
        var again = NewModels();
        await PipelineRunner.RunAsync(config.Stages, config.WorkDir, again.Provider, new SyncEvents(events));
        Assert.Equal(Enumerable.Repeat(PipelineEventKind.SkippedFinished, 7), events.Select(e => e.Kind));
        Assert.Equal(0, again.Rules.Calls + again.Checklist.Calls + again.Expert.Calls);
        Assert.Equal(before, Snapshot(work));

        // A finished evolution stage whose settings changed is refused, naming it, before any model is asked.
        string changedPath = Path.Combine(_dir, "a.toml");
        File.WriteAllText(changedPath, File.ReadAllText(changedPath).Replace("url = \"http://checklist/v1\"\nseed = 5", "url = \"http://checklist/v1\"\nseed = 6", StringComparison.Ordinal));
        var changed = PipelineConfig.Load(changedPath);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => PipelineRunner.RunAsync(changed.Stages, changed.WorkDir, again.Provider));
        Assert.Contains("stage 'evolve-checklist' finished with other settings", error.Message, StringComparison.Ordinal);
        Assert.Contains("seed=5", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, again.Rules.Calls + again.Checklist.Calls + again.Expert.Calls);
    }

    [Fact]
    public async Task A_run_killed_mid_evolve_checklist_resumes_without_repeating_requests_and_ends_byte_identical()
    {
        var whole = PipelineConfig.Load(WriteConfig("whole"));
        await PipelineRunner.RunAsync(whole.Stages, whole.WorkDir, NewModels().Provider);

        var config = PipelineConfig.Load(WriteConfig("killed"));
        using var kill = new CancellationTokenSource();
        var killed = NewModels(call =>
        {
            if (call == 5)
                kill.Cancel();
            return Task.CompletedTask;
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PipelineRunner.RunAsync(config.Stages, config.WorkDir, killed.Provider, cancellationToken: kill.Token));
        string work = Path.Combine(_dir, "killed");
        Assert.False(File.Exists(Path.Combine(work, "evolve-checklist", PipelineRunner.DoneFile)));
        Assert.False(Directory.Exists(Path.Combine(work, "respond")));

        // What the journal holds is not asked again: a kept seed took 2 calls (evolve, merge), the dropped one 3.
        string journal = StageRunner.JournalPath(Path.Combine(work, "evolve-checklist", "complex.jsonl"));
        var entries = File.ReadAllLines(journal).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("kept").GetBoolean()).ToList();
        Assert.InRange(entries.Count, 1, 5);
        int journaledCalls = entries.Sum(kept => kept ? 2 : 3);

        var events = new List<PipelineEvent>();
        var resumed = NewModels();
        await PipelineRunner.RunAsync(config.Stages, config.WorkDir, resumed.Provider, new SyncEvents(events));
        Assert.Equal(
            [PipelineEventKind.SkippedFinished, PipelineEventKind.SkippedFinished, PipelineEventKind.Started, PipelineEventKind.Finished],
            events.Take(4).Select(e => e.Kind));
        Assert.Equal(0, resumed.Rules.Calls);
        Assert.Equal(13 - journaledCalls, resumed.Checklist.Calls);
        Assert.Equal(11, resumed.Expert.Calls);
        Assert.Equal(Snapshot(Path.Combine(_dir, "whole")), Snapshot(work));
    }

    [Fact]
    public async Task A_redone_evolution_redoes_the_stages_after_it_without_resuming_their_old_journals()
    {
        // A run killed mid-respond: seeds and both evolutions finished, respond's journal holds some answers.
        var config = PipelineConfig.Load(WriteConfig("a"));
        using var kill = new CancellationTokenSource();
        var killed = NewModels(beforeExpertAnswer: call =>
        {
            if (call == 5)
                kill.Cancel();
            return Task.CompletedTask;
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PipelineRunner.RunAsync(config.Stages, config.WorkDir, killed.Provider, cancellationToken: kill.Token));
        string work = Path.Combine(_dir, "a");
        Assert.True(File.Exists(Path.Combine(work, "evolved", PipelineRunner.DoneFile)));
        Assert.False(File.Exists(Path.Combine(work, "respond", PipelineRunner.DoneFile)));
        Assert.NotEmpty(File.ReadAllLines(StageRunner.JournalPath(Path.Combine(work, "respond", "respond.jsonl"))));

        // [evolve-checklist] changed and its folder deleted, as the refusal asks.
        WithChecklistSeed6("a");
        File.Copy(Path.Combine(work, "evolve-checklist", "complex.jsonl"), Path.Combine(_dir, "a-before-complex.jsonl"));
        Directory.Delete(Path.Combine(work, "evolve-checklist"), recursive: true);
        var events = new List<PipelineEvent>();
        var redone = NewModels();
        await PipelineRunner.RunAsync(PipelineConfig.Load(Path.Combine(_dir, "a.toml")).Stages, config.WorkDir, redone.Provider, new SyncEvents(events));
        Assert.Equal(
        [
            ("seeds", PipelineEventKind.SkippedFinished), ("evolve-rules", PipelineEventKind.SkippedFinished),
            ("evolve-checklist", PipelineEventKind.Started), ("evolve-checklist", PipelineEventKind.Finished),
            ("evolved", PipelineEventKind.InputChanged), ("evolved", PipelineEventKind.Started), ("evolved", PipelineEventKind.Finished),
            ("respond", PipelineEventKind.InputChanged), ("respond", PipelineEventKind.Started), ("respond", PipelineEventKind.Finished),
            ("verify", PipelineEventKind.Started), ("verify", PipelineEventKind.Finished),
            ("export", PipelineEventKind.Started), ("export", PipelineEventKind.Finished),
        ], events.Select(e => (e.Stage, e.Kind)));
        // Unchanged stages are not asked again; the redone checklist takes its 13 calls (5 kept × 2, the broken seed 3);
        // respond's old journal was made from the old records, so all 11 are asked again.
        Assert.Equal(0, redone.Rules.Calls);
        Assert.Equal(13, redone.Checklist.Calls);
        Assert.Equal(11, redone.Expert.Calls);

        // The same files as a fresh run with the new settings.
        string freshPath = WriteConfig("fresh");
        WithChecklistSeed6("fresh");
        var fresh = PipelineConfig.Load(freshPath);
        await PipelineRunner.RunAsync(fresh.Stages, fresh.WorkDir, NewModels().Provider);
        Assert.Equal(Snapshot(Path.Combine(_dir, "fresh")), Snapshot(work));
        // The new seed changed the complex records, so the comparison above is not between unchanged files.
        Assert.NotEqual(
            Lines(Path.Combine(work, "evolve-checklist", "complex.jsonl")),
            Lines(Path.Combine(_dir, "a-before-complex.jsonl")));
    }

    private void WithChecklistSeed6(string work)
    {
        string path = Path.Combine(_dir, work + ".toml");
        string text = File.ReadAllText(path);
        string changed = text.Replace("url = \"http://checklist/v1\"\nseed = 5", "url = \"http://checklist/v1\"\nseed = 6", StringComparison.Ordinal);
        Assert.NotEqual(text, changed);
        File.WriteAllText(path, changed);
    }

    /// <summary>Every JSONL the stages wrote (journals aside: their order follows the requests), by path relative to the work folder.</summary>
    private static SortedDictionary<string, string> Snapshot(string work)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(work, "*.jsonl", SearchOption.AllDirectories))
            files[Path.GetRelativePath(work, file)] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));
        return files;
    }

    private sealed class SyncEvents(List<PipelineEvent> events) : IProgress<PipelineEvent>
    {
        public void Report(PipelineEvent value) => events.Add(value);
    }
}
