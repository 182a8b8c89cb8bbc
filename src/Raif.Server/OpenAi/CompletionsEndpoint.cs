using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Raif.Modeling.Generation;
using Raif.Modeling.Scoring;
using Raif.Server.Hosting;
using Raif.Server.Inference;
using Raif.Server.Json;

namespace Raif.Server.OpenAi;

/// <summary>
/// <c>POST /v1/completions</c>: text or token-id prompts, <c>n</c> choices each, and with <c>echo</c> +
/// <c>logprobs</c> the log-prob of every prompt token after the first (null for the first, as vLLM and OpenAI
/// report), computed by the same scorer as <c>LanguageModel.ScoreContinuations</c>. That is what a YES/NO judge needs;
/// <c>max_tokens: 0</c> skips generation (vLLM needs at least 1). Choice i·n + j is choice j of prompt i.
/// </summary>
internal static class CompletionsEndpoint
{
    private const int DefaultMaxTokens = 16;

    public static async Task HandleAsync(HttpContext http, ServerContext server)
    {
        var options = server.Options;
        using var body = await RequestBody.ReadAsync(http.Request, options.MaxRequestBytes, http.RequestAborted).ConfigureAwait(false);
        var served = server.Resolve(body.String("model"));
        var prompts = CompletionPrompts.Parse(body, served, options);
        var settings = GenerationSettings.Parse(body, served, options, chat: false);
        bool echo = body.Bool("echo") ?? false;
        int? logprobs = body.Integer("logprobs", 0, options.MaxTopLogProbs) is { } lp ? (int)lp : null;
        body.Unsupported("suffix", v => v.ValueKind == JsonValueKind.String && v.GetString()!.Length == 0, "no insertion");
        var budgets = prompts.Select(p => settings.MaxTokens is null
            ? Math.Min(DefaultMaxTokens, Math.Max(0, served.ContextLength - p.Ids.Length))
            : settings.BudgetFor(p.Ids.Length, served, options, "max_tokens")).ToArray();

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        ScoreWork? scoring = echo && logprobs is not null
            ? new ScoreWork(served, [.. prompts.Select(p => p.Ids)], logprobs.Value, cancel.Token)
            : null;
        var works = new GenerateWork?[prompts.Count];
        for (int p = 0; p < prompts.Count; p++)
        {
            if (budgets[p] > 0)
                works[p] = new GenerateWork(served, [.. Enumerable.Repeat(prompts[p].Ids, settings.Choices)], settings.Key, budgets[p], logprobs ?? 0, settings.StopTokenIds, cancel.Token);
        }
        var choices = prompts.Select(_ => Enumerable.Range(0, settings.Choices)
            .Select(_ => new ChoiceText(served.Model.Tokenizer, settings.SkipSpecialTokens, settings.Stop)).ToArray()).ToArray();
        var reply = new Reply(served, prompts, choices, echo, logprobs, ServerContext.NewId("cmpl-"), ServerContext.Now());
        try
        {
            if (scoring is not null)
                server.Worker.Submit(scoring);
            foreach (var work in works)
            {
                if (work is not null)
                    server.Worker.Submit(work);
            }
            var promptScores = scoring is null ? null : await scoring.Result.Task.WaitAsync(http.RequestAborted).ConfigureAwait(false);
            if (settings.Stream)
                await StreamAsync(http, reply, works, promptScores, settings.IncludeUsage).ConfigureAwait(false);
            else
            {
                for (int p = 0; p < prompts.Count; p++)
                {
                    if (works[p] is { } work)
                        await GenerationReader.ReadAsync(work, choices[p], null, http.RequestAborted).ConfigureAwait(false);
                    else
                        foreach (var c in choices[p])
                            c.Finish(FinishReason.Length);
                }
                await JsonResponse.WriteAsync(http, 200, json => reply.WriteCompletion(json, promptScores)).ConfigureAwait(false);
            }
        }
        finally
        {
            await cancel.CancelAsync().ConfigureAwait(false);
        }
    }

    private static async Task StreamAsync(HttpContext http, Reply reply, GenerateWork?[] works, IReadOnlyList<ScoredContinuation>? promptScores, bool includeUsage)
    {
        var sse = new ServerSentEvents(http.Response, http.RequestAborted);
        var tokenizer = reply.Served.Model.Tokenizer;
        for (int p = 0; p < reply.Prompts.Count; p++)
        {
            var prompt = reply.Prompts[p];
            var choices = reply.Choices[p];
            int n = choices.Length;
            var offsets = new int[n];
            if (reply.Echo)
            {
                var promptTokens = promptScores is null ? null : Reply.PromptTokens(prompt, promptScores[p]);
                for (int j = 0; j < n; j++)
                {
                    int index = p * n + j;
                    await sse.SendAsync(json => reply.WriteChunk(json, index, prompt.Text, promptTokens, 0, null)).ConfigureAwait(false);
                    offsets[j] = prompt.Text.Length;
                }
            }
            if (works[p] is not { } work)
            {
                for (int j = 0; j < n; j++)
                {
                    int index = p * n + j;
                    choices[j].Finish(FinishReason.Length);
                    await sse.SendAsync(json => reply.WriteChunk(json, index, "", null, 0, FinishReason.Length)).ConfigureAwait(false);
                }
                continue;
            }
            await GenerationReader.ReadAsync(work, choices, (row, text, tokenIndex, finished) =>
            {
                var c = choices[row];
                int index = p * n + row;
                CompletionToken[]? tokens = finished is null && reply.LogProbs is not null
                    ? [new CompletionToken(c.Tokens[tokenIndex], c.LogProbs[tokenIndex], c.Alternatives[tokenIndex])]
                    : null;
                int offset = offsets[row];
                offsets[row] += text.Length;
                return sse.SendAsync(json => reply.WriteChunk(json, index, text, tokens, offset, finished));
            }, http.RequestAborted).ConfigureAwait(false);
        }
        if (includeUsage)
        {
            await sse.SendAsync(json =>
            {
                json.WriteStartObject();
                ChatCompletionsEndpoint.WriteHeader(json, reply.Served, reply.Id, reply.Created, "text_completion");
                json.WriteStartArray("choices");
                json.WriteEndArray();
                reply.WriteUsage(json);
                json.WriteEndObject();
            }).ConfigureAwait(false);
        }
        await sse.DoneAsync().ConfigureAwait(false);
    }

    /// <summary>Everything the response needs, and its JSON.</summary>
    private sealed record Reply(
        ServedModel Served, List<CompletionPrompt> Prompts, ChoiceText[][] Choices, bool Echo, int? LogProbs, string Id, long Created)
    {
        public static CompletionToken[] PromptTokens(CompletionPrompt prompt, ScoredContinuation scores)
        {
            var tokens = new CompletionToken[prompt.Ids.Length];
            tokens[0] = new CompletionToken(prompt.Ids[0], null, null);
            for (int t = 1; t < tokens.Length; t++)
                tokens[t] = new CompletionToken(prompt.Ids[t], scores.LogProbs[t - 1], scores.Alternatives.Length > 0 ? scores.Alternatives[t - 1] : null);
            return tokens;
        }

        public void WriteCompletion(Utf8JsonWriter json, IReadOnlyList<ScoredContinuation>? promptScores)
        {
            var tokenizer = Served.Model.Tokenizer;
            json.WriteStartObject();
            ChatCompletionsEndpoint.WriteHeader(json, Served, Id, Created, "text_completion");
            json.WriteStartArray("choices");
            for (int p = 0; p < Prompts.Count; p++)
            {
                var prompt = Prompts[p];
                var promptTokens = Echo && promptScores is not null ? PromptTokens(prompt, promptScores[p]) : [];
                for (int j = 0; j < Choices[p].Length; j++)
                {
                    var c = Choices[p][j];
                    json.WriteStartObject();
                    json.WriteNumber("index", p * Choices[p].Length + j);
                    json.WriteString("text", Echo ? prompt.Text + c.Text : c.Text);
                    if (LogProbs is not { } top)
                        json.WriteNull("logprobs");
                    else
                    {
                        json.WritePropertyName("logprobs");
                        var generated = c.Tokens.Select((id, t) => new CompletionToken(id, c.LogProbs[t], c.Alternatives[t]));
                        LogProbJson.WriteCompletionLogProbs(json, tokenizer, [.. promptTokens, .. generated], top, 0);
                    }
                    json.WriteString("finish_reason", GenerationReader.FinishReasonText(c.Finished));
                    json.WriteEndObject();
                }
            }
            json.WriteEndArray();
            WriteUsage(json);
            json.WriteEndObject();
        }

        public void WriteChunk(Utf8JsonWriter json, int index, string text, IReadOnlyList<CompletionToken>? tokens, int offset, FinishReason? finished)
        {
            json.WriteStartObject();
            ChatCompletionsEndpoint.WriteHeader(json, Served, Id, Created, "text_completion");
            json.WriteStartArray("choices");
            json.WriteStartObject();
            json.WriteNumber("index", index);
            json.WriteString("text", text);
            if (tokens is null || LogProbs is not { } top)
                json.WriteNull("logprobs");
            else
            {
                json.WritePropertyName("logprobs");
                LogProbJson.WriteCompletionLogProbs(json, Served.Model.Tokenizer, tokens, top, offset);
            }
            GenerationReader.EndStreamChunk(json, finished);
        }

        public void WriteUsage(Utf8JsonWriter json) =>
            ChatCompletionsEndpoint.WriteUsage(json, Prompts.Sum(p => p.Ids.Length), Choices.Sum(cs => cs.Sum(c => c.Tokens.Count)));
    }
}
