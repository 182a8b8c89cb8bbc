using System.Text.Json;
using Raif.Core.Jsonl;

namespace Raif.Evaluation.Responses;

/// <summary>
/// Reads a file holding one JSON list of records (CFBench's and FB-Bench's layout) as <see cref="JsonlLine"/>s whose
/// line number is the line where each record starts, so errors name file, line and field as for JSONL.
/// </summary>
public static class JsonArrayFile
{
    public static IReadOnlyList<JsonlLine> Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: file not found", path);
        byte[] bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> json = bytes;
        if (json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            json = json[3..];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new JsonlException(path, (e.LineNumber ?? 0) + 1, null, $"not valid JSON: {e.Message}", e);
        }
        if (document.RootElement.ValueKind != JsonValueKind.Array)
            throw new JsonlException(path, 1, null, $"expected a JSON list of records, found {JsonKind.Describe(document.RootElement.ValueKind)}");

        // Line of each top-level element, from a token scan (JsonDocument does not keep positions).
        var starts = new List<long>();
        var reader = new Utf8JsonReader(json);
        long line = 1;
        int scanned = 0;
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
            {
                int at = (int)reader.TokenStartIndex;
                line += json[scanned..at].Count((byte)'\n');
                scanned = at;
                starts.Add(line);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    reader.Skip();
            }
        }
        var lines = new List<JsonlLine>(starts.Count);
        int i = 0;
        foreach (var element in document.RootElement.EnumerateArray())
        {
            var record = new JsonlLine(path, starts[i++], element);
            if (element.ValueKind != JsonValueKind.Object)
                throw record.Error(null, $"expected a record (JSON object), found {JsonKind.Describe(element.ValueKind)}");
            lines.Add(record);
        }
        return lines;
    }
}
