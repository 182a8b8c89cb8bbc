using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Raif.Data.Models;
using Raif.Data.Resources;
using Raif.Data.Seeds;

namespace Raif.Data.Evolution;

/// <summary>
/// The one-shot prompt that asks a model for the semantic constraint words of a seed (spec §3.2; the paper's
/// example: explaining GANs → "architecture", "training", "generator"), in the seed's language
/// (Resources/semantic-words-prompt-{en,zh}.txt, Raif's wording), and the strict parser of its reply: one JSON
/// object with exactly <c>keywords</c> (2), <c>frequency_keyword</c>, <c>forbidden_words</c> (2) and
/// <c>first_word</c>; every word letters only in the seed's language (the checkers use them as regular
/// expressions), the six distinct and none part of another.
/// </summary>
public static partial class SemanticWordsPrompt
{
    private static readonly Lazy<string> English = new(() => DataResources.ReadText("semantic-words-prompt-en.txt"));
    private static readonly Lazy<string> Chinese = new(() => DataResources.ReadText("semantic-words-prompt-zh.txt"));

    private static readonly string[] Fields = ["keywords", "frequency_keyword", "forbidden_words", "first_word"];

    [GeneratedRegex("^[a-z]{2,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex EnglishWord();

    [GeneratedRegex("^[\u4e00-\u9fff]{1,6}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChineseWord();

    [GeneratedRegex(@"^```[a-zA-Z]*\s*\n(.*)\n\s*```$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex CodeFence();

    public static IReadOnlyList<ChatMessage> Build(Seed seed)
    {
        string template = seed.Language == Seed.Chinese ? Chinese.Value : English.Value;
        return [new ChatMessage(ChatRole.User, template.Replace("{seed}", seed.Text, StringComparison.Ordinal))];
    }

    public static ReplyParse<SemanticWords> Parse(string reply, string language)
    {
        string text = reply.Trim();
        // A code fence around the object is the one liberty taken: chat models add it even when told not to.
        if (CodeFence().Match(text) is { Success: true } fenced)
            text = fenced.Groups[1].Value.Trim();
        if (!text.StartsWith('{') || !text.EndsWith('}'))
            return ReplyParse<SemanticWords>.Fail("the reply must be one JSON object and nothing else");
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(text);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return ReplyParse<SemanticWords>.Fail($"the reply is not valid JSON ({e.Message})");
        }
        if (root.ValueKind != JsonValueKind.Object)
            return ReplyParse<SemanticWords>.Fail("the reply must be a JSON object");
        foreach (var property in root.EnumerateObject())
        {
            if (!Fields.Contains(property.Name))
                return ReplyParse<SemanticWords>.Fail($"unexpected field \"{property.Name}\" (the fields are {string.Join(", ", Fields)})");
        }
        string? error = null;
        var keywords = Words(root, "keywords", 2, language, ref error);
        var frequency = Words(root, "frequency_keyword", 0, language, ref error);
        var forbidden = Words(root, "forbidden_words", 2, language, ref error);
        var first = Words(root, "first_word", 0, language, ref error);
        if (error is not null)
            return ReplyParse<SemanticWords>.Fail(error);
        var all = keywords!.Concat(frequency!).Concat(forbidden!).Concat(first!).ToList();
        for (int i = 0; i < all.Count; i++)
        {
            for (int j = 0; j < all.Count; j++)
            {
                if (i != j && all[j].Contains(all[i], StringComparison.Ordinal))
                    return ReplyParse<SemanticWords>.Fail(all[i] == all[j]
                        ? $"the word \"{all[i]}\" is given twice; all six words must be different"
                        : $"\"{all[i]}\" is part of \"{all[j]}\"; no word may be part of another");
            }
        }
        return ReplyParse<SemanticWords>.Ok(new SemanticWords(keywords!, frequency![0], forbidden!, first![0]));
    }

    // A list of exactly `count` words, or (count 0) one word as a string; null with `error` set when it is not.
    private static string[]? Words(JsonElement root, string field, int count, string language, ref string? error)
    {
        if (error is not null)
            return null;
        if (!root.TryGetProperty(field, out var value))
        {
            error = $"the field \"{field}\" is missing";
            return null;
        }
        string[] words;
        if (count == 0)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                error = $"\"{field}\" must be one word as a JSON string";
                return null;
            }
            words = [value.GetString()!];
        }
        else
        {
            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != count
                || value.EnumerateArray().Any(w => w.ValueKind != JsonValueKind.String))
            {
                error = $"\"{field}\" must be a list of exactly {count} words as JSON strings";
                return null;
            }
            words = [.. value.EnumerateArray().Select(w => w.GetString()!)];
        }
        for (int i = 0; i < words.Length; i++)
        {
            string w = words[i].Trim();
            w = language == Seed.Chinese ? w : w.ToLowerInvariant();
            bool ok = language == Seed.Chinese ? ChineseWord().IsMatch(w) : EnglishWord().IsMatch(w);
            if (!ok)
            {
                error = language == Seed.Chinese
                    ? $"\"{words[i]}\" in \"{field}\" is not a Chinese word of 1 to 6 Chinese characters"
                    : $"\"{words[i]}\" in \"{field}\" is not one English word of letters only";
                return null;
            }
            words[i] = w;
        }
        return words;
    }
}
