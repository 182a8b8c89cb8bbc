using System.Text.Json;
using Raif.Data.Seeds;
using Raif.Data.Stages;
using Raif.RemoteModels;

namespace Raif.Data.Tests.Seeds;

public sealed class SeedTaggerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-seed-tagger-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly SeedTaggingOptions Options = new() { Concurrency = 3, Retry = new RetryPolicy(TimeSpan.FromSeconds(10), 0) };

    /// <summary>Tags by the instruction inside the prompt: a poem is creative, "broken" always gets prose, "flaky" gets prose on its first call.</summary>
    private static Func<string, string> Script()
    {
        int flakyCalls = 0;
        return prompt =>
        {
            string instruction = prompt[(prompt.IndexOf("\"\"\"\n", StringComparison.Ordinal) + 4)..prompt.LastIndexOf("\n\"\"\"", StringComparison.Ordinal)];
            if (instruction.Contains("broken", StringComparison.Ordinal))
                return "Sure! This instruction is about writing.";
            if (instruction.Contains("flaky", StringComparison.Ordinal) && Interlocked.Increment(ref flakyCalls) == 1)
                return "{\"topics\": [\"Cooking\"], \"abilities\": [\"x\"]}";
            string topic = instruction.Contains("poem", StringComparison.Ordinal) ? "Creativity & Design" : "Knowledge Q&A";
            return $"{{\"topics\": [\"{topic}\"], \"abilities\": [\"ability {instruction.Length % 3}\"]}}";
        };
    }

    private string Input(int count)
    {
        string path = Path.Combine(_dir, "in.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, count).Select(i =>
        {
            string text = i switch { 2 => "a broken one", 5 => "a flaky one", _ when i % 2 == 0 => $"Write poem number {i}.", _ => $"State fact number {i}." };
            return JsonSerializer.Serialize(new { id = $"s{i}", text, language = "en" });
        }));
        return path;
    }

    [Fact]
    public async Task Replies_become_tags_a_malformed_one_is_retried_and_one_that_stays_malformed_is_dropped()
    {
        var chat = new ScriptedChatClient(Script());
        string output = Path.Combine(_dir, "tagged.jsonl");
        var summary = await new SeedTagger(chat, Options).RunAsync(Input(8), output);

        Assert.Equal((7L, 1L), (summary.Kept, summary.Dropped));
        // 8 seeds, one extra call for "flaky" and one for "broken" (two attempts each).
        Assert.Equal(10, chat.Calls);
        var lines = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["s0", "s1", "s3", "s4", "s5", "s6", "s7"], lines.Select(l => l.GetProperty("id").GetString()));
        var poem = lines[0];
        Assert.Equal("Write poem number 0.", poem.GetProperty("text").GetString());
        Assert.Equal("en", poem.GetProperty("language").GetString());
        Assert.Equal("Creativity & Design", poem.GetProperty("tags").GetProperty("topics")[0].GetString());
        Assert.Equal("Knowledge Q&A", lines[4].GetProperty("tags").GetProperty("topics")[0].GetString()); // flaky, on its second call
        var drop = JsonDocument.Parse(File.ReadAllLines(StageRunner.DropsPath(output)).Single()).RootElement;
        Assert.Equal("s2", drop.GetProperty("id").GetString());
        Assert.Contains("no JSON object", drop.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_killed_run_resumes_without_asking_again_and_ends_like_an_uninterrupted_one()
    {
        string input = Input(30);
        string reference = Path.Combine(_dir, "reference", "tagged.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(reference)!);
        await new SeedTagger(new ScriptedChatClient(Script()), Options).RunAsync(input, reference);

        string output = Path.Combine(_dir, "resumed", "tagged.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        using var cts = new CancellationTokenSource();
        var script = Script();
        var killer = new ScriptedChatClient(prompt =>
        {
            if (Interlocked.Increment(ref _killerCalls) == 12)
                cts.Cancel();
            return script(prompt);
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new SeedTagger(killer, Options).RunAsync(input, output, cancellationToken: cts.Token));
        Assert.False(File.Exists(output));
        int journaled = File.ReadAllLines(StageRunner.JournalPath(output)).Length;
        Assert.InRange(journaled, 1, 29);

        var resumer = new ScriptedChatClient(Script());
        var summary = await new SeedTagger(resumer, Options).RunAsync(input, output);
        Assert.Equal(journaled, summary.ResumedFromJournal);
        Assert.True(resumer.Calls <= 30 - journaled + 2, $"{resumer.Calls} calls for {30 - journaled} seeds left"); // +2: "broken" and "flaky" take two calls each
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(output));
        Assert.Equal(File.ReadAllBytes(StageRunner.DropsPath(reference)), File.ReadAllBytes(StageRunner.DropsPath(output)));
    }

    private int _killerCalls;
}
