using Raif.Core.Jsonl;

namespace Raif.Data.Seeds;

/// <summary>
/// Reads seed instructions from JSONL: one string field per line (<c>--field</c>), or, for chat logs, the first
/// user turn of a <c>messages</c>/<c>conversation</c> list, or the <c>text</c> of a <c>raif data seeds</c> record.
/// Language is the record's own <c>language</c> when it is "en" or "zh", else guessed (English or Chinese); words are
/// extracted for offline evolution. Duplicate texts are kept once.
/// </summary>
public static class SeedFile
{
    public static IReadOnlyList<Seed> Read(string path, string field, bool skipBadLines, Action<JsonlException>? reportSkipped = null, CancellationToken cancellationToken = default)
    {
        var seeds = new List<Seed>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in JsonlReader.ReadEntries(path, cancellationToken))
        {
            try
            {
                if (entry.Error is not null)
                    throw entry.Error;
                string text = Normalise(InstructionOf(entry.Line!.Value, field));
                if (text.Length == 0)
                    throw entry.Line!.Value.Error(field, "empty instruction");
                if (!seen.Add(text))
                    continue;
                string language = entry.Line!.Value.Value.TryGetProperty("language", out var given) && given.ValueKind == System.Text.Json.JsonValueKind.String
                    && given.GetString() is Seed.English or Seed.Chinese
                        ? given.GetString()!
                        : SeedWords.GuessLanguage(text);
                seeds.Add(new Seed(Stages.ContentId.Of("seed", text), text, language, SeedWords.Extract(text, language)));
            }
            catch (JsonlException e) when (skipBadLines)
            {
                reportSkipped?.Invoke(e);
            }
        }
        return seeds;
    }

    /// <summary>
    /// The instruction of one line: the named string field, else the first user turn of a chat log, else the string
    /// <c>text</c> of a <c>raif data seeds</c> record (so that stage's output is read as it is).
    /// </summary>
    public static string InstructionOf(JsonlLine line, string field)
    {
        if (line.Value.TryGetProperty(field, out var value) && value.ValueKind != System.Text.Json.JsonValueKind.Null)
            return line.RequiredString(field);
        foreach (var chatField in new[] { "messages", "conversation", "conversations" })
        {
            if (!line.Value.TryGetProperty(chatField, out var turns) || turns.ValueKind != System.Text.Json.JsonValueKind.Array)
                continue;
            foreach (var turn in turns.EnumerateArray())
            {
                if (turn.ValueKind != System.Text.Json.JsonValueKind.Object)
                    continue;
                string? role = turn.TryGetProperty("role", out var r) ? r.GetString() : turn.TryGetProperty("from", out var f) ? f.GetString() : null;
                if (role is "user" or "human" && (turn.TryGetProperty("content", out var c) || turn.TryGetProperty("value", out c)) && c.ValueKind == System.Text.Json.JsonValueKind.String)
                    return c.GetString()!;
            }
            throw line.Error(chatField, "no user turn with string content");
        }
        if (line.Value.TryGetProperty("text", out var seedText) && seedText.ValueKind == System.Text.Json.JsonValueKind.String)
            return seedText.GetString()!;
        throw line.Error(field, "missing (and no messages/conversation list to take the first user turn from)");
    }

    /// <summary>Unicode NFC, line endings to \n, trimmed, runs of spaces and tabs collapsed.</summary>
    public static string Normalise(string text)
    {
        string s = text.Normalize(System.Text.NormalizationForm.FormC).Replace("\r\n", "\n").Replace('\r', '\n').Trim();
        var sb = new System.Text.StringBuilder(s.Length);
        bool space = false;
        foreach (char c in s)
        {
            if (c is ' ' or '\t')
            {
                if (!space)
                    sb.Append(' ');
                space = true;
                continue;
            }
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }
}
