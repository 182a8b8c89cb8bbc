using System.Text.Json;

namespace Raif.Core.Jsonl;

/// <summary>One parsed line of a JSONL file, with where it came from for error messages.</summary>
public readonly record struct JsonlLine(string File, long LineNumber, JsonElement Value)
{
    /// <summary>An error about this line, optionally about one of its fields.</summary>
    public JsonlException Error(string? field, string problem, Exception? inner = null) =>
        new(File, LineNumber, field, problem, inner);

    /// <summary>A required string field.</summary>
    public string RequiredString(string field)
    {
        if (!Value.TryGetProperty(field, out var v))
            throw Error(field, "missing");
        if (v.ValueKind != JsonValueKind.String)
            throw Error(field, $"expected a string, found {JsonKind.Describe(v.ValueKind)}");
        return v.GetString()!;
    }

    /// <summary>An optional string field; <c>null</c> when absent or JSON null.</summary>
    public string? OptionalString(string field)
    {
        if (!Value.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
            return null;
        if (v.ValueKind != JsonValueKind.String)
            throw Error(field, $"expected a string, found {JsonKind.Describe(v.ValueKind)}");
        return v.GetString();
    }

    /// <summary>A field that is a string, or any JSON value kept as its raw JSON text (used for ids and targets).</summary>
    public string? StringOrRawJson(string field)
    {
        if (!Value.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
            return null;
        return v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText();
    }

    /// <summary>An optional array of integers (token ids).</summary>
    public int[]? OptionalIntArray(string field)
    {
        if (!Value.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
            return null;
        if (v.ValueKind != JsonValueKind.Array)
            throw Error(field, $"expected an array of integers, found {JsonKind.Describe(v.ValueKind)}");
        var result = new int[v.GetArrayLength()];
        int i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out result[i]))
                throw Error(field, $"element {i} is not a 32-bit integer");
            i++;
        }
        return result;
    }
}
