using System.Text.Json;
using Raif.Core.Jsonl;

namespace Raif.Rewards;

/// <summary>Reading the JSON-encoded <c>target</c> of ifeval and complex records (spec §4.2) with errors that name the field.</summary>
internal static class TargetJson
{
    /// <summary>Parses the target into a JSON object.</summary>
    public static JsonElement ParseObject(string target)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(target);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new RewardTargetException($"target: not valid JSON ({e.Message})", e);
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new RewardTargetException($"target: expected a JSON object, found {JsonKind.Describe(root.ValueKind)}");
        return root;
    }

    /// <summary>A required, non-empty array field.</summary>
    public static JsonElement RequiredArray(JsonElement root, string field)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            throw RewardTargetException.Field(field, "missing");
        if (value.ValueKind != JsonValueKind.Array)
            throw RewardTargetException.Field(field, $"expected an array, found {JsonKind.Describe(value.ValueKind)}");
        if (value.GetArrayLength() == 0)
            throw RewardTargetException.Field(field, "empty: at least one entry is needed");
        return value;
    }

    /// <summary>A required, non-empty array of non-blank strings.</summary>
    public static string[] RequiredStrings(JsonElement root, string field)
    {
        var array = RequiredArray(root, field);
        var result = new string[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                throw RewardTargetException.Field(field, $"element {i} is {JsonKind.Describe(item.ValueKind)}, not a string");
            string text = item.GetString()!;
            if (string.IsNullOrWhiteSpace(text))
                throw RewardTargetException.Field(field, $"element {i} is blank");
            result[i++] = text;
        }
        return result;
    }

    /// <summary>
    /// An optional offline score (integer or float, spec §3.6): 0 when absent or null, an error for anything else.
    /// </summary>
    public static double OptionalScore(JsonElement root, string field)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            return 0;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double score) || !double.IsFinite(score))
            throw RewardTargetException.Field(field, $"expected a number, found {JsonKind.Describe(value.ValueKind)}");
        return score;
    }
}
