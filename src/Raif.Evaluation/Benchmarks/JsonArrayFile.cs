using System.Text.Json;
using Raif.Core.Jsonl;

namespace Raif.Evaluation.Benchmarks;

/// <summary>
/// Reads a file holding one JSON array of records (the layout most benchmarks publish) and gives each record with
/// the 1-based line it starts on, as a <see cref="JsonlLine"/>, so a bad field is reported by file, line and field
/// exactly as for JSONL input. Python's <c>json.dump</c> writes bare <c>NaN</c> / <c>Infinity</c> for float NaN and
/// infinities (CELLO's files hold <c>"input_text": NaN</c>); those tokens are read as JSON null, which every scorer
/// here treats as upstream treats a float: "not a string".
/// </summary>
public static class JsonArrayFile
{
    public static IReadOnlyList<JsonlLine> Read(string path)
    {
        byte[] bytes = PythonNonFiniteToNull(File.ReadAllBytes(path));
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw new JsonlException(path, (e.LineNumber ?? 0) + 1, null, $"not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new JsonlException(path, 1, null, $"expected a JSON array of records, found {JsonKind.Describe(document.RootElement.ValueKind)}");
            var lines = RecordStartLines(bytes);
            var records = new List<JsonlLine>(lines.Count);
            int i = 0;
            foreach (var element in document.RootElement.EnumerateArray())
                records.Add(new JsonlLine(path, lines[i++], element.Clone()));
            return records;
        }
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

    // JsonDocument keeps no positions, so a reader pass finds where each top-level element starts.
    private static List<long> RecordStartLines(byte[] bytes)
    {
        var starts = new List<long>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        long line = 1;
        long scanned = 0;
        while (reader.Read())
        {
            bool valueStart = reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray or JsonTokenType.PropertyName);
            if (reader.CurrentDepth != 1 || !valueStart)
                continue;
            for (long at = reader.TokenStartIndex; scanned < at; scanned++)
                if (bytes[scanned] == (byte)'\n')
                    line++;
            starts.Add(line);
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                reader.Skip();
        }
        return starts;
    }
}
