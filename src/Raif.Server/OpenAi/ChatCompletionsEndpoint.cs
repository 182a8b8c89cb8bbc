using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Raif.Core.Templates;
using Raif.Modeling.Generation;
using Raif.Server.Hosting;
using Raif.Server.Inference;
using Raif.Server.Json;

namespace Raif.Server.OpenAi;

/// <summary>
/// <c>POST /v1/chat/completions</c>: messages rendered with the model's chat template (Raif's own layouts, see
/// <c>Raif.Core.Templates</c>), generated on the model worker, answered as OpenAI's chat completion or as
/// server-sent chunks. vLLM's <c>continue_final_message</c> / <c>add_generation_prompt</c> are honoured.
/// </summary>
internal static class ChatCompletionsEndpoint
{
    public static async Task HandleAsync(HttpContext http, ServerContext server)
    {
        var options = server.Options;
        using var body = await RequestBody.ReadAsync(http.Request, options.MaxRequestBytes, http.RequestAborted).ConfigureAwait(false);
        var served = server.Resolve(body.String("model"));
        var template = served.ChatTemplate ?? throw ApiException.BadRequest(
            $"the chat template of model '{served.Id}' is not recognised (known: {string.Join(", ", ChatTemplates.Names)}); start the server with --chat-template or use /v1/completions", "model");
        var turns = ChatMessages.Parse(body);
        body.Unsupported("tools", v => v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 0, "no tool calling");
        body.Unsupported("response_format", v => v.ValueKind == JsonValueKind.Object && v.TryGetProperty("type", out var t) && t.ValueEquals("text"), "no structured output");
        var ending = (body.Bool("continue_final_message") ?? false) ? RenderEnding.ContinueFinalMessage
            : (body.Bool("add_generation_prompt") ?? true) ? RenderEnding.GenerationPrompt
            : RenderEnding.Closed;
        string prompt;
        try
        {
            prompt = template.Render(turns, ending);
        }
        catch (ArgumentException e)
        {
            throw ApiException.BadRequest($"messages: {e.Message}", "messages");
        }
        var settings = GenerationSettings.Parse(body, served, options, chat: true);
        bool logprobs = body.Bool("logprobs") ?? false;
        int top = (int)(body.Integer("top_logprobs", 0, options.MaxTopLogProbs) ?? 0);
        if (top > 0 && !logprobs)
            throw ApiException.BadRequest("'top_logprobs' needs 'logprobs': true", "top_logprobs");

        var ids = served.Model.Tokenizer.Encode(prompt);
        PromptLimits.Check(ids.Length, served, options, "messages");
        int budget = settings.BudgetFor(ids.Length, served, options, "max_completion_tokens");

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        var work = new GenerateWork(served, [.. Enumerable.Repeat(ids, settings.Choices)], settings.Key, budget, logprobs ? top : 0, settings.StopTokenIds, cancel.Token);
        var choices = Enumerable.Range(0, settings.Choices)
            .Select(_ => new ChoiceText(served.Model.Tokenizer, settings.SkipSpecialTokens, settings.Stop)).ToArray();
        string id = ServerContext.NewId("chatcmpl-");
        long created = ServerContext.Now();
        try
        {
            server.Worker.Submit(work);
            if (settings.Stream)
                await StreamAsync(http, served, work, choices, settings, logprobs, top, id, created, ids.Length).ConfigureAwait(false);
            else
            {
                await GenerationReader.ReadAsync(work, choices, null, http.RequestAborted).ConfigureAwait(false);
                await JsonResponse.WriteAsync(http, 200, json => WriteCompletion(json, served, choices, logprobs, top, id, created, ids.Length)).ConfigureAwait(false);
            }
        }
        finally
        {
            // Whatever happened here (a client gone, a failed write), the worker stops spending time on this request.
            await cancel.CancelAsync().ConfigureAwait(false);
        }
    }

    private static async Task StreamAsync(
        HttpContext http, ServedModel served, GenerateWork work, ChoiceText[] choices, GenerationSettings settings,
        bool logprobs, int top, string id, long created, int promptTokens)
    {
        var sse = new ServerSentEvents(http.Response, http.RequestAborted);
        var tokenizer = served.Model.Tokenizer;
        for (int i = 0; i < choices.Length; i++)
        {
            int index = i;
            await sse.SendAsync(json => WriteChunk(json, served, id, created, index, json =>
            {
                json.WriteString("role", "assistant");
                json.WriteString("content", "");
            }, null, null)).ConfigureAwait(false);
        }
        await GenerationReader.ReadAsync(work, choices, (row, text, tokenIndex, finished) =>
        {
            var choice = choices[row];
            return sse.SendAsync(json => WriteChunk(json, served, id, created, row,
                json =>
                {
                    if (finished is null || text.Length > 0)
                        json.WriteString("content", text);
                },
                finished is null && logprobs
                    ? json =>
                    {
                        json.WriteStartArray("content");
                        LogProbJson.WriteChatEntry(json, tokenizer, choice.Tokens[tokenIndex], choice.LogProbs[tokenIndex], choice.Alternatives[tokenIndex], top);
                        json.WriteEndArray();
                    }
                    : null,
                finished));
        }, http.RequestAborted).ConfigureAwait(false);
        if (settings.IncludeUsage)
        {
            await sse.SendAsync(json =>
            {
                json.WriteStartObject();
                WriteHeader(json, served, id, created, "chat.completion.chunk");
                json.WriteStartArray("choices");
                json.WriteEndArray();
                WriteUsage(json, promptTokens, choices.Sum(c => c.Tokens.Count));
                json.WriteEndObject();
            }).ConfigureAwait(false);
        }
        await sse.DoneAsync().ConfigureAwait(false);
    }

    private static void WriteChunk(
        Utf8JsonWriter json, ServedModel served, string id, long created, int index,
        Action<Utf8JsonWriter> delta, Action<Utf8JsonWriter>? logprobs, FinishReason? finished)
    {
        json.WriteStartObject();
        WriteHeader(json, served, id, created, "chat.completion.chunk");
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", index);
        json.WriteStartObject("delta");
        delta(json);
        json.WriteEndObject();
        if (logprobs is null)
            json.WriteNull("logprobs");
        else
        {
            json.WriteStartObject("logprobs");
            logprobs(json);
            json.WriteNull("refusal");
            json.WriteEndObject();
        }
        GenerationReader.EndStreamChunk(json, finished);
    }

    private static void WriteCompletion(
        Utf8JsonWriter json, ServedModel served, ChoiceText[] choices, bool logprobs, int top, string id, long created, int promptTokens)
    {
        var tokenizer = served.Model.Tokenizer;
        json.WriteStartObject();
        WriteHeader(json, served, id, created, "chat.completion");
        json.WriteStartArray("choices");
        for (int i = 0; i < choices.Length; i++)
        {
            var c = choices[i];
            json.WriteStartObject();
            json.WriteNumber("index", i);
            json.WriteStartObject("message");
            json.WriteString("role", "assistant");
            json.WriteString("content", c.Text);
            json.WriteNull("refusal");
            json.WriteEndObject();
            if (!logprobs)
                json.WriteNull("logprobs");
            else
            {
                json.WriteStartObject("logprobs");
                json.WriteStartArray("content");
                for (int t = 0; t < c.Tokens.Count; t++)
                    LogProbJson.WriteChatEntry(json, tokenizer, c.Tokens[t], c.LogProbs[t], c.Alternatives[t], top);
                json.WriteEndArray();
                json.WriteNull("refusal");
                json.WriteEndObject();
            }
            json.WriteString("finish_reason", GenerationReader.FinishReasonText(c.Finished));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        WriteUsage(json, promptTokens, choices.Sum(c => c.Tokens.Count));
        json.WriteEndObject();
    }

    internal static void WriteHeader(Utf8JsonWriter json, ServedModel served, string id, long created, string objectType)
    {
        json.WriteString("id", id);
        json.WriteString("object", objectType);
        json.WriteNumber("created", created);
        json.WriteString("model", served.Id);
        json.WriteNull("system_fingerprint");
    }

    internal static void WriteUsage(Utf8JsonWriter json, int promptTokens, int completionTokens)
    {
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", promptTokens);
        json.WriteNumber("completion_tokens", completionTokens);
        json.WriteNumber("total_tokens", promptTokens + completionTokens);
        json.WriteEndObject();
    }
}
