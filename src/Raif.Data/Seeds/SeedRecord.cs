using System.Text.Json;

namespace Raif.Data.Seeds;

/// <summary>
/// One line of <c>seeds.jsonl</c>, fields in this order: <c>id</c> (content-addressed, as <see cref="SeedFile"/>
/// makes it), <c>text</c>, <c>language</c>, <c>words</c> (English and Chinese seeds: candidates for offline
/// arguments), <c>source</c> <c>{file, line}</c>, and <c>tags</c> <c>{topics, abilities}</c> when tagged.
/// <c>raif data evolve --offline --input seeds.jsonl</c> reads these lines as they are.
/// </summary>
public sealed record SeedRecord(string Id, string Text, string Language, IReadOnlyList<string>? Words, SeedSource Source, SeedTags? Tags)
{
    public static SeedRecord From(SeedCandidate candidate, string language) => new(
        Stages.ContentId.Of("seed", candidate.Text), candidate.Text, language,
        language is Seed.English or Seed.Chinese ? SeedWords.Extract(candidate.Text, language) : null,
        candidate.Source, null);

    public void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("id", Id);
        json.WriteString("text", Text);
        json.WriteString("language", Language);
        if (Words is not null)
        {
            json.WriteStartArray("words");
            foreach (var word in Words)
                json.WriteStringValue(word);
            json.WriteEndArray();
        }
        json.WriteStartObject("source");
        json.WriteString("file", Source.File);
        json.WriteNumber("line", Source.Line);
        json.WriteEndObject();
        if (Tags is not null)
            WriteTags(json, Tags);
        json.WriteEndObject();
    }

    /// <summary>Writes the <c>tags</c> property.</summary>
    public static void WriteTags(Utf8JsonWriter json, SeedTags tags)
    {
        json.WriteStartObject("tags");
        json.WriteStartArray("topics");
        foreach (var topic in tags.Topics)
            json.WriteStringValue(topic);
        json.WriteEndArray();
        json.WriteStartArray("abilities");
        foreach (var ability in tags.Abilities)
            json.WriteStringValue(ability);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The tags of a written record, null when it has none.</summary>
    public static SeedTags? ReadTags(JsonElement record)
    {
        if (!record.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Object)
            return null;
        static IReadOnlyList<string> List(JsonElement tags, string name) =>
            tags.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
                ? [.. list.EnumerateArray().Select(e => e.GetString() ?? "")]
                : [];
        return new SeedTags(List(tags, "topics"), List(tags, "abilities"));
    }
}
