using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Evaluation.Responses;

namespace Raif.Evaluation.InfoBench;

/// <summary>Reads InfoBench's files: <c>infobench.jsonl</c> and responses (upstream's <c>{id, output}</c> lines or uniform JSONL).</summary>
public static class InfoBenchData
{
    public const string DataFile = "infobench.jsonl";

    public static IReadOnlyList<InfoBenchItem> ReadItems(string dataDir, CancellationToken cancellationToken = default)
    {
        string path = Path.Combine(dataDir, DataFile);
        var items = new List<InfoBenchItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in JsonlReader.ReadLines(path, cancellationToken))
        {
            string id = line.RequiredString("id");
            if (!seen.Add(id))
                throw line.Error("id", $"duplicate id {id}");
            if (!line.Value.TryGetProperty("decomposed_questions", out var questions) || questions.ValueKind != JsonValueKind.Array)
                throw line.Error("decomposed_questions", "missing or not a list");
            var list = new List<string>();
            foreach (var q in questions.EnumerateArray())
                list.Add(q.ValueKind == JsonValueKind.String ? q.GetString()! : throw line.Error("decomposed_questions", $"element {list.Count} is not a string"));
            string subset = line.OptionalString("subset")
                ?? (id.StartsWith("user_oriented", StringComparison.Ordinal) ? InfoBenchItem.EasySet
                    : id.StartsWith("domain_oriented", StringComparison.Ordinal) ? InfoBenchItem.HardSet
                    : throw line.Error("subset", "missing, and the id names neither set"));
            if (subset is not (InfoBenchItem.EasySet or InfoBenchItem.HardSet))
                throw line.Error("subset", $"expected {InfoBenchItem.EasySet} or {InfoBenchItem.HardSet}, found \"{subset}\"");
            items.Add(new InfoBenchItem(id, line.OptionalString("input") ?? "", line.OptionalString("instruction") ?? "", subset, list));
        }
        return items;
    }

    /// <summary>Responses: upstream's model-output lines (<c>id</c>, <c>output</c>, other dataset fields ignored) or uniform JSONL.</summary>
    public static ResponseSet ReadResponses(string path, CancellationToken cancellationToken = default) =>
        ResponseFiles.ReadJsonl(path, "id", "output", cancellationToken);
}
