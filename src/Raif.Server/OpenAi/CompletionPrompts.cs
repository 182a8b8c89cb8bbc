using System.Text.Json;
using Raif.Server.Hosting;
using Raif.Server.Inference;
using Raif.Server.Json;

namespace Raif.Server.OpenAi;

/// <summary>A prompt of <c>/v1/completions</c>: its token ids and its text (decoded, special tokens kept, when given as ids).</summary>
internal sealed record CompletionPrompt(int[] Ids, string Text);

/// <summary>
/// <c>prompt</c> as a string, an array of strings, an array of token ids, or an array of such arrays. Text is
/// tokenized without adding special tokens (raif serve never adds a BOS; the caller's text is what the model sees).
/// vLLM's <c>truncate_prompt_tokens</c> keeps the last N tokens.
/// </summary>
internal static class CompletionPrompts
{
    public static List<CompletionPrompt> Parse(RequestBody body, ServedModel served, ServerOptions options)
    {
        if (body.Get("prompt") is not { } prompt)
            throw ApiException.BadRequest("'prompt' is required", "prompt");
        var tokenizer = served.Model.Tokenizer;
        var prompts = new List<CompletionPrompt>();
        switch (prompt.ValueKind)
        {
            case JsonValueKind.String:
                prompts.Add(FromText(prompt.GetString()!, served));
                break;
            case JsonValueKind.Array when prompt.GetArrayLength() == 0:
                throw ApiException.BadRequest("'prompt' must not be empty", "prompt");
            case JsonValueKind.Array:
                var first = prompt[0].ValueKind;
                if (first == JsonValueKind.Number)
                    prompts.Add(FromIds(prompt, "prompt", served));
                else
                {
                    int i = 0;
                    foreach (var item in prompt.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.String && first == JsonValueKind.String)
                            prompts.Add(FromText(item.GetString()!, served));
                        else if (item.ValueKind == JsonValueKind.Array && first == JsonValueKind.Array)
                            prompts.Add(FromIds(item, $"prompt[{i}]", served));
                        else
                            throw ApiException.BadRequest("'prompt' must be a string, an array of strings, an array of token ids or an array of token-id arrays", "prompt");
                        i++;
                    }
                }
                break;
            default:
                throw RequestBody.Wrong("prompt", "a string or an array", prompt);
        }
        if (prompts.Count > options.MaxPromptsPerRequest)
            throw ApiException.BadRequest($"'prompt' holds {prompts.Count} prompts; at most {options.MaxPromptsPerRequest} are accepted per request", "prompt");
        if (body.Integer("truncate_prompt_tokens", 1, int.MaxValue) is { } keep)
        {
            for (int i = 0; i < prompts.Count; i++)
            {
                if (prompts[i].Ids.Length > keep)
                {
                    var kept = prompts[i].Ids[^(int)keep..];
                    prompts[i] = new CompletionPrompt(kept, TokenText.Decode(tokenizer, kept, skipSpecialTokens: false));
                }
            }
        }
        foreach (var p in prompts)
            PromptLimits.Check(p.Ids.Length, served, options, "prompt");
        return prompts;
    }

    private static CompletionPrompt FromText(string text, ServedModel served) => new(served.Model.Tokenizer.Encode(text), text);

    private static CompletionPrompt FromIds(JsonElement array, string field, ServedModel served)
    {
        var ids = new int[array.GetArrayLength()];
        int vocab = served.Model.Config.VocabSize;
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out int id) || id < 0 || id >= vocab)
                throw ApiException.BadRequest($"'{field}[{i}]' must be a token id in 0..{vocab - 1}", "prompt");
            ids[i++] = id;
        }
        return new CompletionPrompt(ids, TokenText.Decode(served.Model.Tokenizer, ids, skipSpecialTokens: false));
    }
}
