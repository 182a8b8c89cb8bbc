using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Data.Stages;

namespace Raif.Data.Seeds;

/// <summary>
/// One seed read from a line of a seed file for the model stages, which work line by line: the instruction from
/// the <c>--field</c> string (or a chat log's first user turn, as <see cref="SeedFile"/> reads it), normalised. The
/// seeds stage's own fields are honoured when present: <c>id</c> (else the content id <see cref="SeedFile"/> gives),
/// <c>language</c> ("en…"/"zh…"; others are kept as given, for the stage to refuse) and <c>words</c> (those that occur
/// in the text); otherwise the language is guessed and the words extracted.
/// </summary>
public static class SeedLine
{
    /// <summary>
    /// The seed of a line for a model stage that writes English or Chinese, or why the line is dropped: a bad line
    /// when <paramref name="skipBadLines"/> (else the error is thrown), or another language (<paramref name="writes"/>
    /// completes the reason, e.g. "checklists are written").
    /// </summary>
    public static Seed? ForModelStage(JsonlLine line, string field, bool skipBadLines, string writes, out string? dropReason)
    {
        Seed seed;
        try
        {
            seed = From(line, field);
        }
        catch (JsonlException e) when (skipBadLines)
        {
            dropReason = $"bad seed line: {e.Message}";
            return null;
        }
        dropReason = seed.Language is Seed.English or Seed.Chinese ? null : $"language '{seed.Language}': {writes} in English or Chinese only";
        return dropReason is null ? seed : null;
    }

    public static Seed From(JsonlLine line, string field)
    {
        string text = SeedFile.Normalise(SeedFile.InstructionOf(line, field));
        if (text.Length == 0)
            throw line.Error(field, "empty instruction");
        string id = line.OptionalString("id") is { Length: > 0 } given ? given : ContentId.Of("seed", text);
        string language = line.OptionalString("language") is { Length: > 0 } code
            ? code.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Seed.Chinese
            : code.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? Seed.English
            : code
            : SeedWords.GuessLanguage(text);
        IReadOnlyList<string> words = SeedWords.Extract(text, language);
        if (line.Value.TryGetProperty("words", out var listed) && listed.ValueKind != JsonValueKind.Null)
        {
            if (listed.ValueKind != JsonValueKind.Array || listed.EnumerateArray().Any(w => w.ValueKind != JsonValueKind.String))
                throw line.Error("words", "expected an array of strings");
            words = [.. listed.EnumerateArray().Select(w => w.GetString()!)
                .Where(w => w.Length > 0 && text.Contains(w, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal)];
        }
        return new Seed(id, text, language, words);
    }
}
