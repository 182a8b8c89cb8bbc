using System.Globalization;
using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Evaluation.Python;
using Raif.Evaluation.Responses;

namespace Raif.Evaluation.FbBench;

/// <summary>Reads FB-Bench's files: the dataset and second-turn responses.</summary>
public static class FbBenchData
{
    public const string DataFile = "fb_bench_dataset_v3.json";

    public static IReadOnlyList<FbBenchItem> ReadItems(string dataDir)
    {
        string path = Path.Combine(dataDir, DataFile);
        var items = new List<FbBenchItem>();
        foreach (var record in JsonArrayFile.Read(path))
        {
            string benchType = record.RequiredString("bench_type");
            if (benchType is not (FbBenchItem.ErrorCorrection or FbBenchItem.ResponseMaintenance))
                throw record.Error("bench_type", $"expected \"{FbBenchItem.ErrorCorrection}\" or \"{FbBenchItem.ResponseMaintenance}\", found \"{benchType}\"");
            string taskType = record.RequiredString("task_type");
            if (!FbBenchItem.TaskTypes.Contains(taskType))
                throw record.Error("task_type", $"\"{taskType}\" is none of upstream's task types ({string.Join(", ", FbBenchItem.TaskTypes)})");
            if (!record.Value.TryGetProperty("checklist", out var checklistJson))
                throw record.Error("checklist", "missing");
            if (!PyJson.TryLoads(checklistJson.GetRawText(), out var checklist, out _) || checklist is not List<object?> { Count: > 0 } list)
                throw record.Error("checklist", "expected a non-empty list");
            foreach (var entry in list)
            {
                bool ok = entry is string || entry is List<object?> { Count: 2 } pair && pair[0] is string;
                if (!ok)
                    throw record.Error("checklist", "expected checkpoint texts or [text, weight] pairs");
            }
            items.Add(new FbBenchItem(
                items.Count.ToString(CultureInfo.InvariantCulture),
                benchType,
                taskType,
                record.RequiredString("user_query"),
                record.RequiredString("origin_first_response"),
                record.RequiredString("feedback"),
                StringList(record, "error_type"),
                StringList(record, "feedback_type"),
                list));
        }
        return items;
    }

    /// <summary>
    /// Responses, per JSONL line: uniform <c>{"id", "response"}</c>; the data folder's extracted layout
    /// (<c>dataset_index</c>, <c>second_response</c>); or upstream's <c>model_answer</c> lines (<c>user_query</c>,
    /// <c>second_response</c>), matched to the dataset on <c>user_query</c> as upstream's <c>gen_judgment.py</c> does.
    /// </summary>
    public static ResponseSet ReadResponses(string path, IReadOnlyList<FbBenchItem> items, CancellationToken cancellationToken = default)
    {
        var byQuery = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
            byQuery.TryAdd(item.UserQuery, item.Id);
        var set = new ResponseSet(path);
        foreach (var line in JsonlReader.ReadLines(path, cancellationToken))
        {
            string where = $"{path}:{line.LineNumber}";
            if (line.Value.TryGetProperty("response", out _))
            {
                set.Add(line.StringOrRawJson("id") ?? throw line.Error("id", "missing"), line.RequiredString("response"), where);
            }
            else if (line.Value.TryGetProperty("dataset_index", out var index))
            {
                if (index.ValueKind != JsonValueKind.Number || !index.TryGetInt32(out int i) || i < 0 || i >= items.Count)
                    throw line.Error("dataset_index", $"expected an index into {DataFile} (0..{items.Count - 1})");
                set.Add(i.ToString(CultureInfo.InvariantCulture), line.RequiredString("second_response"), where);
            }
            else
            {
                string query = line.RequiredString("user_query");
                if (!byQuery.TryGetValue(query, out string? id))
                    throw line.Error("user_query", $"matches no user_query in {DataFile}");
                set.Add(id, line.RequiredString("second_response"), where);
            }
        }
        return set;
    }

    private static List<string> StringList(JsonlLine record, string field)
    {
        if (!record.Value.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
            return [];
        if (v.ValueKind == JsonValueKind.String)
            return [v.GetString()!];
        if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            throw record.Error(field, "expected a list of strings or null");
        return [.. v.EnumerateArray().Select(e => e.GetString()!)];
    }
}
