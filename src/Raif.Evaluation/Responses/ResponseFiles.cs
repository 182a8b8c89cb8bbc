using System.Text.Json;
using Raif.Core.Jsonl;

namespace Raif.Evaluation.Responses;

/// <summary>
/// Reads response files: Raif's uniform JSONL (<c>{"id": ..., "response": ...}</c>) or a benchmark's own layout,
/// told apart per line by the fields present. A bad line is an error naming file, line and field.
/// </summary>
public static class ResponseFiles
{
    /// <summary>
    /// A JSONL file whose lines are either uniform or carry the benchmark's <paramref name="idField"/> and
    /// <paramref name="responseField"/> (e.g. InfoBench's <c>id</c>/<c>output</c>).
    /// </summary>
    public static ResponseSet ReadJsonl(string path, string idField, string responseField, CancellationToken cancellationToken = default)
    {
        var set = new ResponseSet(path);
        foreach (var line in JsonlReader.ReadLines(path, cancellationToken))
        {
            bool uniform = line.Value.ValueKind == JsonValueKind.Object && line.Value.TryGetProperty("response", out _);
            string idName = uniform ? "id" : idField;
            string textName = uniform ? "response" : responseField;
            string id = line.StringOrRawJson(idName) ?? throw line.Error(idName, "missing (expected the benchmark's item id)");
            set.Add(id, line.RequiredString(textName), $"{path}:{line.LineNumber}");
        }
        return set;
    }

    /// <summary>True when the file's first non-blank character opens a JSON array (a whole-file JSON list).</summary>
    public static bool IsJsonArray(string path)
    {
        using var reader = new StreamReader(path);
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (!char.IsWhiteSpace((char)c))
                return c == '[';
        }
        return false;
    }
}
