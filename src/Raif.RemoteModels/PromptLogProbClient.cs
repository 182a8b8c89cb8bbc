using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using OpenAI;
using Polly;

namespace Raif.RemoteModels;

/// <summary>The log-probs of a prompt's tokens as a server reported them: entry i for token i, null where it has none (the first).</summary>
public sealed record PromptLogProbs(int PromptTokens, IReadOnlyList<double?> TokenLogProbs);

/// <summary>
/// Prompt log-probs from <c>/v1/completions</c> with <c>echo: true, logprobs: 1</c>, as vLLM and <c>raif serve</c>
/// answer it. Why not IChatClient: Microsoft.Extensions.AI has no notion of echoed prompt log-probs, and the OpenAI
/// library's typed legacy-completions client is internal (2.15), so the request goes through the OpenAI client's
/// public pipeline (its authentication and transport) with a hand-written body. The prompt's token count comes
/// from <c>usage.prompt_tokens</c>, which marks where the prompt ends in the echoed list whatever the server
/// generated after it (vLLM needs <c>max_tokens</c> ≥ 1). <c>add_special_tokens: false</c> keeps vLLM from adding a
/// BOS in front of an already rendered chat prompt.
/// </summary>
public sealed class PromptLogProbClient
{
    private readonly OpenAIClient _client;
    private readonly ResiliencePipeline _resilience;
    private readonly Uri _completions;

    public PromptLogProbClient(OpenAiEndpoint endpoint, string model, RetryPolicy retry, int maxTokens = 1, int? truncatePromptTokens = null)
    {
        if (maxTokens < 0)
            throw new ArgumentException($"max tokens must be >= 0 (got {maxTokens})");
        _client = endpoint.CreateClient();
        _resilience = retry.Build();
        _completions = new Uri(endpoint.BaseUrl, "completions");
        Model = model;
        MaxTokens = maxTokens;
        TruncatePromptTokens = truncatePromptTokens;
    }

    public string Model { get; }

    public int MaxTokens { get; }

    public int? TruncatePromptTokens { get; }

    /// <summary>How many tokens the server's tokenizer makes of <paramref name="text"/> alone (no special tokens added).</summary>
    public async Task<int> CountTokensAsync(string text, CancellationToken cancellationToken = default)
    {
        using var answer = await PostAsync(text, withLogProbs: false, truncate: false, cancellationToken).ConfigureAwait(false);
        return PromptTokens(answer.RootElement);
    }

    /// <summary>The log-prob of every prompt token (the first has none), from one echo request.</summary>
    public async Task<PromptLogProbs> ScoreAsync(string prompt, CancellationToken cancellationToken = default)
    {
        using var answer = await PostAsync(prompt, withLogProbs: true, truncate: true, cancellationToken).ConfigureAwait(false);
        var root = answer.RootElement;
        int promptTokens = PromptTokens(root);
        if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0
            || !choices[0].TryGetProperty("logprobs", out var logprobs) || logprobs.ValueKind != JsonValueKind.Object
            || !logprobs.TryGetProperty("token_logprobs", out var tokenLogProbs) || tokenLogProbs.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{_completions}: the answer has no choices[0].logprobs.token_logprobs; does the server support echo with logprobs?");
        if (tokenLogProbs.GetArrayLength() < promptTokens)
            throw new InvalidDataException($"{_completions}: {tokenLogProbs.GetArrayLength()} token log-probs for a prompt of {promptTokens} tokens; the server did not echo the prompt");
        var values = new double?[promptTokens];
        int i = 0;
        foreach (var item in tokenLogProbs.EnumerateArray())
        {
            if (i == promptTokens)
                break;
            values[i++] = item.ValueKind == JsonValueKind.Number ? item.GetDouble() : null;
        }
        return new PromptLogProbs(promptTokens, values);
    }

    private int PromptTokens(JsonElement root)
    {
        if (!root.TryGetProperty("usage", out var usage) || !usage.TryGetProperty("prompt_tokens", out var tokens) || !tokens.TryGetInt32(out int count))
            throw new InvalidDataException($"{_completions}: the answer has no usage.prompt_tokens");
        return count;
    }

    private async Task<JsonDocument> PostAsync(string prompt, bool withLogProbs, bool truncate, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("model", Model);
            json.WriteString("prompt", prompt);
            json.WriteNumber("max_tokens", MaxTokens);
            json.WriteNumber("temperature", 0);
            json.WriteBoolean("echo", true);
            if (withLogProbs)
                json.WriteNumber("logprobs", 1);
            json.WriteBoolean("add_special_tokens", false);
            if (truncate && TruncatePromptTokens is { } keep)
                json.WriteNumber("truncate_prompt_tokens", keep);
            json.WriteEndObject();
        }
        var content = BinaryData.FromBytes(body.ToArray());
        return await _resilience.ExecuteAsync(async token =>
        {
            using var message = _client.Pipeline.CreateMessage();
            message.ResponseClassifier = PipelineMessageClassifier.Create([200]);
            message.Apply(new RequestOptions { CancellationToken = token });
            var request = message.Request;
            request.Method = "POST";
            request.Uri = _completions;
            request.Headers.Set("Content-Type", "application/json");
            request.Headers.Set("Accept", "application/json");
            request.Content = BinaryContent.Create(content);
            await _client.Pipeline.SendAsync(message).ConfigureAwait(false);
            var response = message.Response!;
            if (response.IsError)
                throw new ClientResultException(response);
            try
            {
                return JsonDocument.Parse(response.Content);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{_completions}: the answer is not JSON ({e.Message})", e);
            }
        }, cancellationToken).ConfigureAwait(false);
    }
}
