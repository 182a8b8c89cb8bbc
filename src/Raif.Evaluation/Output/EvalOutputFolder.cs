using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Raif.Core.Jsonl;

namespace Raif.Evaluation.Output;

/// <summary>
/// The three files every <c>raif eval BENCH</c> run writes to its output folder: <c>items.jsonl</c> (one line per
/// item), <c>scores.json</c> (unrounded floats under the benchmark's official metric names) and <c>report.md</c>.
/// Each is written atomically (temporary file, then rename), so an interrupted run never leaves a torn file.
/// </summary>
public static class EvalOutputFolder
{
    public const string ItemsFile = "items.jsonl";
    public const string ScoresFile = "scores.json";
    public const string ReportFile = "report.md";

    private static readonly JsonSerializerOptions ScoresJson = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="items"/>, <paramref name="scores"/> and <paramref name="report"/> under <paramref name="outputDir"/>.</summary>
    public static void Write(string outputDir, IEnumerable<JsonObject> items, JsonObject scores, string report)
    {
        Directory.CreateDirectory(outputDir);
        using (var writer = new JsonlWriter(Path.Combine(outputDir, ItemsFile)))
        {
            foreach (var item in items)
                writer.Write(w => item.WriteTo(w));
            writer.Commit();
        }
        WriteScores(outputDir, scores);
        AtomicFile.WriteAllText(Path.Combine(outputDir, ReportFile), report);
    }

    /// <summary>Writes only <c>scores.json</c> (for sub-commands whose per-item output has another shape).</summary>
    public static void WriteScores(string outputDir, JsonObject scores) =>
        AtomicFile.WriteAllText(Path.Combine(outputDir, ScoresFile), scores.ToJsonString(ScoresJson) + "\n");
}
