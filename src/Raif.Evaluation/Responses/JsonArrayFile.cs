using System.Text.Json;
using Raif.Core.Jsonl;

namespace Raif.Evaluation.Responses;

/// <summary>
/// Reads a file holding one JSON list of records (the layout most benchmarks publish) as <see cref="JsonlLine"/>s whose
/// line number is the line where each record starts, so errors name file, line and field as for JSONL. Python's
/// <c>json.dump</c> writes bare <c>NaN</c> / <c>Infinity</c> for float NaN and infinities (CELLO's files hold
/// <c>"input_text": NaN</c>); those tokens are read as JSON null, which every scorer here treats as upstream treats a
/// float: "not a string".
/// </summary>
public static class JsonArrayFile
{
    public static IReadOnlyList<JsonlLine> Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: file not found", path);
        byte[] bytes = PythonNonFiniteToNull(File.ReadAllBytes(path));
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

    private static byte[] PythonNonFiniteToNull(byte[] bytes)
    {
        if (bytes.AsSpan().IndexOf("NaN"u8) < 0 && bytes.AsSpan().IndexOf("Infinity"u8) < 0)
            return bytes;
        var result = new List<byte>(bytes.Length);
        bool inString = false;
        for (int i = 0; i < bytes.Length; i++)
        {
            byte b = bytes[i];
            if (inString)
            {
                result.Add(b);
                if (b == (byte)'\\' && i + 1 < bytes.Length)
                    result.Add(bytes[++i]);
                else if (b == (byte)'"')
                    inString = false;
                continue;
            }
            var rest = bytes.AsSpan(i);
            int skip = rest.StartsWith("NaN"u8) ? 3 : rest.StartsWith("Infinity"u8) ? 8 : rest.StartsWith("-Infinity"u8) ? 9 : 0;
            if (skip > 0)
            {
                result.AddRange("null"u8);
                i += skip - 1;
                continue;
            }
            if (b == (byte)'"')
                inString = true;
            result.Add(b);
        }
        return [.. result];
    }
}
