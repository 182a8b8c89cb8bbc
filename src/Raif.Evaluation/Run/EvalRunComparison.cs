using System.Text.Json;
using System.Text.Json.Nodes;

namespace Raif.Evaluation.Run;

/// <summary>One run's headline numbers as read back from its report.json.</summary>
public sealed record RunSummary(string Folder, string Policy, string Mode, IReadOnlyDictionary<string, double> Headlines, double Average);

/// <summary>
/// <c>raif eval compare</c>: several runs side by side (before/after RAIF, modes), with each run's difference from the
/// first on the benchmarks both have.
/// </summary>
public static class EvalRunComparison
{
    public static RunSummary Load(string runFolder)
    {
        string path = Path.Combine(runFolder, EvalRunReportWriter.JsonFile);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no report.json (is {runFolder} a finished raif eval run folder?)", path);
        JsonNode root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path}: empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not JSON ({e.Message})", e);
        }
        var headlines = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var b in root["benchmarks"]?.AsArray() ?? throw new InvalidDataException($"{path}: field 'benchmarks' missing"))
        {
            string name = b?["name"]?.GetValue<string>() ?? throw new InvalidDataException($"{path}: a benchmark without 'name'");
            if (!b.AsObject().TryGetPropertyValue("headline", out var headline))
                throw new InvalidDataException($"{path}: benchmark {name} has no 'headline'");
            // null: the run could not compute it (written so because JSON has no NaN).
            headlines[name] = headline?.GetValue<double>() ?? double.NaN;
        }
        return new RunSummary(runFolder, root["policy"]?.GetValue<string>() ?? "?", root["mode"]?.GetValue<string>() ?? "?", headlines,
            headlines.Count == 0 ? double.NaN : headlines.Values.Average());
    }

    /// <summary>The union of the runs' benchmarks, in first-seen order.</summary>
    public static IReadOnlyList<string> Benchmarks(IEnumerable<RunSummary> runs) =>
        [.. runs.SelectMany(r => r.Headlines.Keys).Distinct(StringComparer.Ordinal)];

    /// <summary>The difference from <paramref name="baseline"/> on <paramref name="benchmark"/>; null where either lacks it.</summary>
    public static double? Delta(RunSummary run, RunSummary baseline, string benchmark) =>
        run.Headlines.TryGetValue(benchmark, out double a) && baseline.Headlines.TryGetValue(benchmark, out double b) ? a - b : null;
}
