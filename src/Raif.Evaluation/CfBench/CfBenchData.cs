using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Evaluation.Responses;

namespace Raif.Evaluation.CfBench;

/// <summary>Reads CFBench's files: <c>cfbench_data.json</c> and responses (upstream <c>&lt;model&gt;_infer.json</c> or uniform JSONL).</summary>
public static class CfBenchData
{
    public const string DataFile = "cfbench_data.json";

    /// <summary>The items of <c>DIR/cfbench_data.json</c>, in file order.</summary>
    public static IReadOnlyList<CfBenchItem> ReadItems(string dataDir)
    {
        string path = Path.Combine(dataDir, DataFile);
        var items = new List<CfBenchItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in JsonArrayFile.Read(path))
        {
            var item = ParseItem(record);
            if (!seen.Add(item.Id))
                throw record.Error("idx", $"duplicate idx {item.Id}");
            items.Add(item);
        }
        return items;
    }

    /// <summary>
    /// Responses: upstream's <c>&lt;model&gt;_infer.json</c> (a JSON list of data records with <c>response</c>) or
    /// JSONL lines <c>{"id": idx, "response": ...}</c>.
    /// </summary>
    public static ResponseSet ReadResponses(string path, CancellationToken cancellationToken = default)
    {
        if (!ResponseFiles.IsJsonArray(path))
            return ResponseFiles.ReadJsonl(path, "idx", "response", cancellationToken);
        var set = new ResponseSet(path);
        foreach (var record in JsonArrayFile.Read(path))
        {
            string id = record.StringOrRawJson("idx") ?? throw record.Error("idx", "missing");
            set.Add(id, record.RequiredString("response"), $"{path}:{record.LineNumber}");
        }
        return set;
    }

    private static CfBenchItem ParseItem(JsonlLine record)
    {
        string id = record.StringOrRawJson("idx") ?? throw record.Error("idx", "missing");
        string split = record.RequiredString("split");
        if (split is not ("easy" or "hard"))
            throw record.Error("split", $"expected \"easy\" or \"hard\", found \"{split}\"");
        if (!record.Value.TryGetProperty("criteria", out var criteria) || criteria.ValueKind != JsonValueKind.Array)
            throw record.Error("criteria", "missing or not a list");
        var list = new List<CfBenchCriterion>();
        int i = 0;
        foreach (var c in criteria.EnumerateArray())
        {
            if (c.ValueKind != JsonValueKind.Array || c.GetArrayLength() < 2
                || c.EnumerateArray().Any(part => part.ValueKind != JsonValueKind.String))
                throw record.Error("criteria", $"element {i} is not a list of strings [text, priority, type, sub-type]");
            var parts = c.EnumerateArray().Select(p => p.GetString()!).ToArray();
            list.Add(new CfBenchCriterion(parts[0], parts[1], parts.ElementAtOrDefault(2) ?? "", parts.ElementAtOrDefault(3) ?? ""));
            i++;
        }
        if (list.Count == 0)
            throw record.Error("criteria", "empty");
        return new CfBenchItem(id, record.RequiredString("prompt"), record.OptionalString("gold") ?? "", split, list);
    }
}
