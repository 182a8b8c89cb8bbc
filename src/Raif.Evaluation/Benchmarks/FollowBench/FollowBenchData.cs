using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Evaluation.Responses;

namespace Raif.Evaluation.Benchmarks.FollowBench;

/// <summary>FollowBench's two languages: <c>data/</c> with <c>code/</c>, <c>data_zh/</c> with <c>code_zh/</c>.</summary>
public enum FollowBenchLanguage { En, Zh }

/// <summary>How an item is scored upstream.</summary>
public enum FollowBenchMethod { Rule, Judge }

/// <summary>One record of <c>&lt;type&gt;_constraints.json</c>; <see cref="Index"/> is its 0-based position in the file.</summary>
public sealed record FollowBenchRecord(
    string ConstraintType,
    int Index,
    int ExampleId,
    string Category,
    string Source,
    int Level,
    string Instruction,
    string Target,
    JsonlLine Line)
{
    /// <summary>Raif's id: <c>&lt;constraint_type&gt;:&lt;data_index&gt;</c>.</summary>
    public string Id => $"{ConstraintType}:{Index}";
}

/// <summary>Reads FollowBench's data files and decides, as upstream does, which items the rules score.</summary>
public static class FollowBenchData
{
    /// <summary>The five judged constraint types, then <c>example</c> (all rule-scored by template match).</summary>
    public static readonly IReadOnlyList<string> ConstraintTypes = ["content", "situation", "style", "format", "mixed", "example"];

    /// <summary>upstream <c>rule_based_source</c>: items from these sources are checked by code.</summary>
    public static readonly IReadOnlySet<string> RuleSources = new HashSet<string>(StringComparer.Ordinal)
    {
        "E2E", "WIKIEVENTS", "CONLL2003", "text_editing", "cnn_dailymail", "xsum", "samsum", "gigaword", "arxiv",
        "BBH_logical", "BBH_time", "self_made_space", "gsm_8k",
    };

    public static string Folder(string dataDir, FollowBenchLanguage language)
    {
        string sub = language == FollowBenchLanguage.En ? "data" : "data_zh";
        return Directory.Exists(Path.Combine(dataDir, sub)) ? Path.Combine(dataDir, sub) : dataDir;
    }

    public static IReadOnlyList<FollowBenchRecord> Read(string folder, string constraintType)
    {
        string path = Path.Combine(folder, $"{constraintType}_constraints.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"FollowBench data file not found: {path}", path);
        var records = new List<FollowBenchRecord>();
        foreach (var line in JsonArrayFile.Read(path))
        {
            if (line.Value.ValueKind != JsonValueKind.Object)
                throw line.Error(null, $"expected a record object, found {JsonKind.Describe(line.Value.ValueKind)}");
            records.Add(new FollowBenchRecord(
                constraintType,
                records.Count,
                RequiredInt(line, "example_id"),
                line.RequiredString("category"),
                line.RequiredString("source"),
                RequiredInt(line, "level"),
                line.RequiredString("instruction"),
                line.OptionalString("target") ?? "",
                line));
        }
        return records;
    }

    private static int RequiredInt(JsonlLine line, string field)
    {
        if (!line.Value.TryGetProperty(field, out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int i))
            throw line.Error(field, "expected an integer");
        return i;
    }

    /// <summary>
    /// Scored items are those at level ≥ 1. Rule-scored: every <c>example</c> item; a rule source; a <c>format</c>
    /// item with example_id 22 or 30 (ZH: 22 only, its rule for 30 was removed). The rest go to the judge.
    /// </summary>
    public static FollowBenchMethod? MethodOf(FollowBenchRecord record, FollowBenchLanguage language)
    {
        if (record.Level < 1)
            return null;
        if (record.ConstraintType == "example" || RuleSources.Contains(record.Source) || IsFormatRule(record, language))
            return FollowBenchMethod.Rule;
        return FollowBenchMethod.Judge;
    }

    internal static bool IsFormatRule(FollowBenchRecord record, FollowBenchLanguage language) =>
        record.Category == "format" && (record.ExampleId == 22 || (language == FollowBenchLanguage.En && record.ExampleId == 30));
}
