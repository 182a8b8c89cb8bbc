using System.Text;
using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Data.Stages;

namespace Raif.Data.Tests.Stages;

public sealed class StageRunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-stage-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Input(int count, params string[] extraLines)
    {
        string path = Path.Combine(_dir, "in.jsonl");
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
            text.Append("{\"text\":\"item ").Append(i).Append(i % 7 == 3 ? " drop" : "").Append("\"}\n");
        foreach (var line in extraLines)
            text.Append(line).Append('\n');
        File.WriteAllText(path, text.ToString());
        return path;
    }

    // A stand-in for a model call: upper-cases the text after a short wait; texts with "drop" are dropped.
    private static async Task<StageOutcome> Work(JsonlLine line, CancellationToken ct)
    {
        await Task.Delay(1, ct);
        string text = line.RequiredString("text");
        if (text.Contains("drop", StringComparison.Ordinal))
            return StageOutcome.Dropped("asked to drop");
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(new { text, upper = text.ToUpperInvariant() }));
        return StageOutcome.Kept(doc.RootElement.Clone());
    }

    private async Task<(byte[] Output, byte[] Drops)> Reference(string input)
    {
        string output = Path.Combine(_dir, "reference.jsonl");
        await StageRunner.RunAsync("test", input, output, Work, new StageOptions { Concurrency = 4 });
        return (File.ReadAllBytes(output), File.ReadAllBytes(StageRunner.DropsPath(output)));
    }

    [Fact]
    public async Task Outputs_are_in_input_order_with_drops_apart()
    {
        string input = Input(20);
        string output = Path.Combine(_dir, "out.jsonl");
        var summary = await StageRunner.RunAsync("test", input, output, Work, new StageOptions { Concurrency = 8 });
        // Items 3, 10 and 17 carry "drop" (i % 7 == 3).
        Assert.Equal(17, summary.Kept);
        Assert.Equal(3, summary.Dropped);
        var texts = JsonlReader.ReadLines(output).Select(l => l.RequiredString("text")).ToList();
        Assert.Equal(Enumerable.Range(0, 20).Where(i => i % 7 != 3).Select(i => $"item {i}"), texts);
        Assert.All(JsonlReader.ReadLines(StageRunner.DropsPath(output)), l => Assert.Equal("asked to drop", l.RequiredString("reason")));
    }

    [Fact]
    public async Task A_run_cancelled_midway_and_resumed_ends_with_the_same_files_and_each_record_journaled_once()
    {
        string input = Input(60);
        var reference = await Reference(input);
        string output = Path.Combine(_dir, "out.jsonl");
        using (var cts = new CancellationTokenSource())
        {
            int calls = 0;
            async Task<StageOutcome> StopAfter25(JsonlLine line, CancellationToken ct)
            {
                if (Interlocked.Increment(ref calls) == 25)
                    await cts.CancelAsync();
                return await Work(line, ct);
            }
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                StageRunner.RunAsync("test", input, output, StopAfter25, new StageOptions { Concurrency = 4 }, null, cts.Token));
        }
        Assert.False(File.Exists(output));
        long journaled = File.ReadAllLines(StageRunner.JournalPath(output)).Length;
        Assert.InRange(journaled, 1, 59);

        int resumedCalls = 0;
        var summary = await StageRunner.RunAsync("test", input, output,
            (line, ct) => { Interlocked.Increment(ref resumedCalls); return Work(line, ct); }, new StageOptions { Concurrency = 4 });
        Assert.Equal(journaled, summary.ResumedFromJournal);
        Assert.Equal(60 - journaled, resumedCalls); // done records are not redone
        Assert.Equal(reference.Output, File.ReadAllBytes(output));
        Assert.Equal(reference.Drops, File.ReadAllBytes(StageRunner.DropsPath(output)));
        var ids = File.ReadAllLines(StageRunner.JournalPath(output)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).ToList();
        Assert.Equal(60, ids.Count);
        Assert.Equal(60, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_kill_at_any_byte_of_the_journal_is_repaired_on_resume_without_duplicates()
    {
        string input = Input(12);
        var reference = await Reference(input);
        byte[] fullJournal = File.ReadAllBytes(StageRunner.JournalPath(Path.Combine(_dir, "reference.jsonl")));
        for (int cut = 0; cut <= fullJournal.Length; cut += 13)
        {
            string output = Path.Combine(_dir, $"cut{cut}.jsonl");
            // What a process killed while writing leaves: the journal up to some byte, maybe mid-line.
            File.WriteAllBytes(StageRunner.JournalPath(output), fullJournal[..cut]);
            await StageRunner.RunAsync("test", input, output, Work, new StageOptions { Concurrency = 3 });
            Assert.Equal(reference.Output, File.ReadAllBytes(output));
            Assert.Equal(reference.Drops, File.ReadAllBytes(StageRunner.DropsPath(output)));
            var lines = File.ReadAllLines(StageRunner.JournalPath(output));
            Assert.Equal(12, lines.Length);
            Assert.All(lines, l => JsonDocument.Parse(l).Dispose()); // every line whole
        }
    }

    [Fact]
    public async Task A_torn_line_is_reported_as_repaired_bytes()
    {
        string input = Input(5);
        string output = Path.Combine(_dir, "out.jsonl");
        File.WriteAllText(StageRunner.JournalPath(output), "{\"id\":\"abc\",\"kep");
        using (var journal = StageJournal.Open(StageRunner.JournalPath(output)))
        {
            Assert.Equal(16, journal.RepairedBytes); // the 16 bytes after the last (absent) newline
            Assert.Empty(journal.Entries);
        }
        await StageRunner.RunAsync("test", input, output, Work, new StageOptions());
        Assert.Equal(4, JsonlReader.ReadLines(output).Count());
    }

    [Fact]
    public async Task A_bad_input_line_names_the_file_and_line_or_is_skipped_and_reported()
    {
        string input = Input(2, "{not json", "[1]");
        string output = Path.Combine(_dir, "out.jsonl");
        var error = await Assert.ThrowsAsync<JsonlException>(() => StageRunner.RunAsync("test", input, output, Work, new StageOptions()));
        Assert.Contains("in.jsonl", error.Message);
        Assert.Contains("3", error.Message);
        var summary = await StageRunner.RunAsync("test", input, output, Work, new StageOptions { SkipBadLines = true });
        Assert.Equal(2, summary.SkippedLines.Count);
        Assert.Contains(":3", summary.SkippedLines[0]);
        Assert.Contains(":4", summary.SkippedLines[1]);
        Assert.Equal(2, summary.Kept);
    }

    [Fact]
    public async Task A_complete_journal_line_that_is_not_an_entry_is_an_error_naming_the_journal()
    {
        string input = Input(3);
        string output = Path.Combine(_dir, "out.jsonl");
        File.WriteAllText(StageRunner.JournalPath(output), "{\"id\":\"x\",\"kept\":true,\"record\":{}}\n{\"id\":\"y\"}\n");
        var error = await Assert.ThrowsAsync<JsonlException>(() => StageRunner.RunAsync("test", input, output, Work, new StageOptions()));
        Assert.Contains(".journal", error.Message);
        Assert.Contains("2", error.Message);
    }

    [Fact]
    public async Task No_more_than_the_concurrency_limit_is_in_flight_and_the_limit_is_reached()
    {
        string input = Input(40);
        int inFlight = 0, peak = 0;
        async Task<StageOutcome> Slow(JsonlLine line, CancellationToken ct)
        {
            int now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            await Task.Delay(20, ct);
            Interlocked.Decrement(ref inFlight);
            return await Work(line, ct);
        }
        await StageRunner.RunAsync("test", input, Path.Combine(_dir, "out.jsonl"), Slow, new StageOptions { Concurrency = 6 });
        Assert.Equal(6, peak);
    }

    [Fact]
    public async Task Progress_counts_every_record_and_ends_complete()
    {
        string input = Input(14);
        var reports = new List<StageProgress>();
        var progress = new SyncProgress(reports);
        await StageRunner.RunAsync("test", input, Path.Combine(_dir, "out.jsonl"), Work, new StageOptions { Concurrency = 2 }, progress);
        var last = reports[^1];
        Assert.Equal(14, last.Done);
        Assert.Equal(14, last.Total);
        Assert.Equal(2, last.Dropped); // items 3 and 10
        Assert.Equal(12, last.Kept);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private sealed class SyncProgress(List<StageProgress> reports) : IProgress<StageProgress>
    {
        public void Report(StageProgress value)
        {
            lock (reports)
                reports.Add(value);
        }
    }

    [Fact]
    public void Content_ids_depend_on_every_part_and_on_where_parts_split()
    {
        Assert.Equal(ContentId.Of("a", "b"), ContentId.Of("a", "b"));
        Assert.NotEqual(ContentId.Of("a", "b"), ContentId.Of("ab", ""));
        Assert.NotEqual(ContentId.Of("a", "b"), ContentId.Of("a", "c"));
        Assert.Equal(32, ContentId.Of("x").Length);
    }
}
