using System.Text.Json;

namespace Raif.Data.Seeds;

/// <summary>A tagging reply that breaks the expected format, with what is wrong.</summary>
public sealed class SeedTagFormatException(string message) : Exception(message);

/// <summary>
/// Parses the tagger's reply: the JSON object <c>{"topics": [...], "abilities": [...]}</c>, possibly after a
/// <c>&lt;think&gt;</c> block or inside a code fence (the text from the first '{' to the last '}' is read). Topics
/// are matched to <see cref="SeedTopics.All"/> ignoring case (an unknown topic is an error, so a model that invents
/// topics is retried rather than silently trusted); abilities are trimmed, lower-cased and deduplicated.
/// </summary>
public static class SeedTagReply
{
    public static SeedTags Parse(string reply)
    {
        string text = reply;
        int think = text.LastIndexOf("</think>", StringComparison.Ordinal);
        if (think >= 0)
            text = text[(think + "</think>".Length)..];
        int open = text.IndexOf('{'), close = text.LastIndexOf('}');
        if (open < 0 || close < open)
            throw new SeedTagFormatException("no JSON object in the reply");
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(text[open..(close + 1)]);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new SeedTagFormatException($"the reply's JSON does not parse ({e.Message})");
        }
        var topics = Strings(root, "topics").Select(CanonicalTopic).Distinct().ToList();
        var abilities = Strings(root, "abilities").Select(a => a.Trim().ToLowerInvariant()).Where(a => a.Length > 0).Distinct().ToList();
        if (topics.Count == 0)
            throw new SeedTagFormatException("'topics' is empty");
        if (abilities.Count == 0)
            throw new SeedTagFormatException("'abilities' is empty");
        return new SeedTags(topics, abilities);
    }

    private static IEnumerable<string> Strings(JsonElement root, string field)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(field, out var list) || list.ValueKind != JsonValueKind.Array)
            throw new SeedTagFormatException($"'{field}' is missing or not a list");
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                throw new SeedTagFormatException($"'{field}' holds a {item.ValueKind}, not a string");
            yield return item.GetString()!;
        }
    }

    private static string CanonicalTopic(string topic) =>
        SeedTopics.All.FirstOrDefault(t => string.Equals(t, topic.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new SeedTagFormatException($"unknown topic '{topic}'");
}
