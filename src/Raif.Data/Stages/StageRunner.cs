using System.Diagnostics;
using System.Text.Json;
using Raif.Core.Jsonl;

namespace Raif.Data.Stages;

/// <summary>
/// Runs one pipeline stage over a JSONL file exactly once per record: every input record has a content-addressed
/// id; results are appended to <c>OUTPUT.journal</c> as they arrive (<see cref="StageJournal"/>), records already
/// in the journal are skipped on a rerun, and when all are done the kept records are written to OUTPUT in input
/// order and the drops to <c>OUTPUT.drops.jsonl</c> (both atomically). So a run killed at any point and resumed
/// ends with the same files as an uninterrupted one. An exception from the work (an endpoint that keeps failing)
/// stops the stage; what was done stays in the journal.
/// </summary>
public static class StageRunner
{
    public static string JournalPath(string outputPath) => outputPath + ".journal";

    public static string DropsPath(string outputPath) => System.IO.Path.ChangeExtension(outputPath, null) + ".drops.jsonl";

    /// <summary>The id of an input record: its own <c>id</c> string field, else the hash of the stage and the line's JSON.</summary>
    public static string DefaultId(string stage, JsonlLine line) =>
        line.Value.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString()!.Length > 0
            ? id.GetString()!
            : ContentId.Of(stage, line.Value.GetRawText());

    public static async Task<StageSummary> RunAsync(
        string stage, string inputPath, string outputPath,
        Func<JsonlLine, CancellationToken, Task<StageOutcome>> process,
        StageOptions options, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default,
        Func<JsonlLine, string>? idOf = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        idOf ??= line => DefaultId(stage, line);
        var skipped = new List<string>();
        var inputs = new List<(string Id, JsonlLine Line)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in JsonlReader.ReadEntries(inputPath, cancellationToken))
        {
            if (entry.Error is not null)
            {
                if (!options.SkipBadLines)
                    throw entry.Error;
                skipped.Add(entry.Error.Message);
                continue;
            }
            string id = idOf(entry.Line!.Value);
            if (seen.Add(id))
                inputs.Add((id, entry.Line!.Value));
        }

        using var journal = StageJournal.Open(JournalPath(outputPath));
        long resumed = inputs.Count(i => journal.Contains(i.Id));
        var todo = inputs.Where(i => !journal.Contains(i.Id)).ToList();
        long done = resumed, kept = 0, dropped = 0;
        var clock = Stopwatch.StartNew();
        long doneThisRun = 0;
        void Report()
        {
            TimeSpan? eta = doneThisRun == 0 ? null : clock.Elapsed / doneThisRun * (inputs.Count - Interlocked.Read(ref done));
            progress?.Report(new StageProgress(stage, Interlocked.Read(ref done), inputs.Count, Interlocked.Read(ref kept), Interlocked.Read(ref dropped), skipped.Count, eta));
        }
        Report();
        await Parallel.ForEachAsync(todo, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                var outcome = await process(item.Line, ct).ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
                if (journal.Append(item.Id, outcome))
                {
                    Interlocked.Increment(ref done);
                    Interlocked.Increment(ref doneThisRun);
                    Interlocked.Increment(ref outcome.IsKept ? ref kept : ref dropped);
                    Report();
                }
            }).ConfigureAwait(false);

        // Everything is in the journal: write the outputs in input order.
        long keptTotal = 0, droppedTotal = 0;
        using (var output = new JsonlWriter(outputPath))
        using (var drops = new JsonlWriter(DropsPath(outputPath)))
        {
            foreach (var (id, _) in inputs)
            {
                var entry = journal.Entries[id];
                if (entry.GetProperty("kept").GetBoolean())
                {
                    output.Write(json => entry.GetProperty("record").WriteTo(json));
                    keptTotal++;
                }
                else
                {
                    drops.Write(json =>
                    {
                        json.WriteStartObject();
                        json.WriteString("id", id);
                        json.WriteString("stage", stage);
                        json.WriteString("reason", entry.GetProperty("reason").GetString());
                        json.WriteEndObject();
                    });
                    droppedTotal++;
                }
            }
            output.Commit();
            drops.Commit();
        }
        return new StageSummary(outputPath, DropsPath(outputPath), keptTotal, droppedTotal, resumed, skipped);
    }
}
