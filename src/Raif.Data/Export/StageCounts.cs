using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Data.Stages;

namespace Raif.Data.Export;

/// <summary>A stage's output file, as the report reads it: its records, and beside it <c>X.drops.jsonl</c> and <c>X.stats.json</c>.</summary>
public sealed record StageFile(string Stage, string OutputPath);

/// <summary>What one stage kept and dropped, and why (drop reasons grouped by their head, the text before the first ':').</summary>
public sealed record StageCount(string Stage, long Kept, long Dropped, IReadOnlyDictionary<string, long> DropReasons, JsonElement? Stats)
{
    /// <summary>Records the stage read: kept plus dropped.</summary>
    public long Input => Kept + Dropped;

    public double Retention => Input == 0 ? double.NaN : (double)Kept / Input;

    /// <summary>
    /// The stages in a folder: every <c>X.drops.jsonl</c> (written by <see cref="StageRunner"/>) with its <c>X.jsonl</c>,
    /// named by the drops' <c>stage</c> field (else X), and the offline evolution's <c>ifeval.jsonl</c> beside its
    /// <c>stats.json</c>; ordered as the pipeline runs them, unknown stages last by name.
    /// </summary>
    public static IReadOnlyList<StageFile> Discover(string folder)
    {
        if (!Directory.Exists(folder))
            return [];
        var found = new List<StageFile>();
        // The offline evolution writes no drops: it is known by its record and stats files.
        string evolved = Path.Combine(folder, Evolution.OfflineEvolution.RecordsFile);
        if (File.Exists(evolved) && File.Exists(Path.Combine(folder, Evolution.OfflineEvolution.StatsFile)) && !File.Exists(StageRunner.DropsPath(evolved)))
            found.Add(new StageFile("evolve", evolved));
        foreach (string drops in Directory.EnumerateFiles(folder, "*.drops.jsonl"))
        {
            string output = drops[..^".drops.jsonl".Length] + ".jsonl";
            string stage = FirstStageName(drops) ?? Path.GetFileName(output)[..^".jsonl".Length];
            found.Add(new StageFile(stage, output));
        }
        return [.. found.OrderBy(f => Order(f.Stage)).ThenBy(f => f.Stage, StringComparer.Ordinal)];
    }

    /// <summary>The pipeline's order of stage names (spec §3).</summary>
    public static readonly IReadOnlyList<string> KnownOrder = ["seeds", "evolve", "evolve-rules", "evolve-checklist", "respond", "verify", "export"];

    private static int Order(string stage)
    {
        int i = KnownOrder.ToList().IndexOf(stage);
        return i < 0 ? KnownOrder.Count : i;
    }

    /// <summary>Counts a stage from its files; a missing output counts as no kept records.</summary>
    public static StageCount Read(StageFile file, CancellationToken cancellationToken = default)
    {
        long kept = File.Exists(file.OutputPath) ? JsonlReader.ReadLines(file.OutputPath, cancellationToken).LongCount() : 0;
        var reasons = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long dropped = 0;
        string drops = StageRunner.DropsPath(file.OutputPath);
        if (File.Exists(drops))
        {
            foreach (var line in JsonlReader.ReadLines(drops, cancellationToken))
            {
                dropped++;
                string head = ReasonHead(line.OptionalString("reason") ?? "dropped");
                reasons[head] = reasons.GetValueOrDefault(head) + 1;
            }
        }
        return new StageCount(file.Stage, kept, dropped, reasons, ReadStats(file.OutputPath));
    }

    /// <summary>The kind of a drop reason: the text before the first ':' (details such as counts and ids follow it), at most 80 characters.</summary>
    public static string ReasonHead(string reason)
    {
        int colon = reason.IndexOf(':', StringComparison.Ordinal);
        string head = (colon > 0 ? reason[..colon] : reason).Trim();
        return head.Length <= 80 ? head : head[..80];
    }

    // X.stats.json beside X.jsonl, or, for the offline evolve's ifeval.jsonl, stats.json in the same folder.
    private static JsonElement? ReadStats(string outputPath)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        string own = Path.ChangeExtension(outputPath, null) + ".stats.json";
        string shared = Path.Combine(folder, "stats.json");
        string? path = File.Exists(own) ? own
            : Path.GetFileName(outputPath) == Evolution.OfflineEvolution.RecordsFile && File.Exists(shared) ? shared : null;
        if (path is null)
            return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e);
        }
    }

    private static string? FirstStageName(string dropsPath)
    {
        foreach (var line in JsonlReader.ReadLines(dropsPath))
            return line.OptionalString("stage");
        return null;
    }
}
