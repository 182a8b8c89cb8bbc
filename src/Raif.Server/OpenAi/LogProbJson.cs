using System.Text.Json;
using Raif.Modeling.Generation;
using Raif.Modeling.Tokenization;
using Raif.Server.Inference;

namespace Raif.Server.OpenAi;

/// <summary>Log-prob objects in OpenAI's two shapes: chat's <c>content</c> entries and completions' parallel arrays.</summary>
internal static class LogProbJson
{
    /// <summary>One chat entry: token, logprob, bytes and its top alternatives.</summary>
    public static void WriteChatEntry(Utf8JsonWriter json, HfTokenizer tokenizer, int tokenId, float logProb, TokenLogProb[]? alternatives, int topCount)
    {
        json.WriteStartObject();
        WriteTokenFields(json, TokenText.Token(tokenizer, tokenId), logProb);
        json.WriteStartArray("top_logprobs");
        if (alternatives is not null)
        {
            foreach (var a in alternatives.Take(topCount))
            {
                json.WriteStartObject();
                WriteTokenFields(json, TokenText.Token(tokenizer, a.TokenId), a.LogProb);
                json.WriteEndObject();
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteTokenFields(Utf8JsonWriter json, string token, float logProb)
    {
        json.WriteString("token", token);
        json.WriteNumber("logprob", logProb);
        json.WriteStartArray("bytes");
        foreach (byte b in TokenText.Bytes(token))
            json.WriteNumberValue(b);
        json.WriteEndArray();
    }

    /// <summary>
    /// Completions' <c>logprobs</c>: tokens, token_logprobs (null for a first prompt token, which has no context),
    /// top_logprobs (a token → logprob map of the top alternatives plus the token itself; null where the log-prob is)
    /// and text_offset (UTF-16 offsets of each token's text in the choice text).
    /// </summary>
    public static void WriteCompletionLogProbs(Utf8JsonWriter json, HfTokenizer tokenizer, IReadOnlyList<CompletionToken> tokens, int topCount, int textOffset)
    {
        var strings = tokens.Select(t => TokenText.Token(tokenizer, t.TokenId)).ToArray();
        json.WriteStartObject();
        json.WriteStartArray("tokens");
        foreach (var s in strings)
            json.WriteStringValue(s);
        json.WriteEndArray();
        json.WriteStartArray("token_logprobs");
        foreach (var t in tokens)
        {
            if (t.LogProb is { } lp)
                json.WriteNumberValue(lp);
            else
                json.WriteNullValue();
        }
        json.WriteEndArray();
        json.WriteStartArray("top_logprobs");
        for (int i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.LogProb is not { } lp)
            {
                json.WriteNullValue();
                continue;
            }
            json.WriteStartObject();
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var a in (t.Alternatives ?? []).Take(topCount))
            {
                string s = TokenText.Token(tokenizer, a.TokenId);
                if (written.Add(s))
                    json.WriteNumber(s, a.LogProb);
            }
            if (written.Add(strings[i]))
                json.WriteNumber(strings[i], lp);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("text_offset");
        int offset = textOffset;
        foreach (var s in strings)
        {
            json.WriteNumberValue(offset);
            offset += s.Length;
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}

/// <summary>A token of a completion's log-prob listing; <see cref="LogProb"/> is null for the first prompt token.</summary>
internal readonly record struct CompletionToken(int TokenId, float? LogProb, TokenLogProb[]? Alternatives);
