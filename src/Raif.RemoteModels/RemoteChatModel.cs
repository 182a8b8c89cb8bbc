using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Raif.RemoteModels;

/// <summary>What a probe learnt about a chat model server: the model that answered, what it said, and how long it took.</summary>
public sealed record ChatProbe(string? ModelId, string Text, TimeSpan Latency);

/// <summary>
/// Chat models behind OpenAI-compatible servers as <see cref="IChatClient"/> (Microsoft.Extensions.AI), the one
/// interface through which Raif talks to chat models. Calls that chat cannot express — prompt log-probs for the
/// judge — use <see cref="PromptLogProbClient"/> instead.
/// </summary>
public static class RemoteChatModel
{
    /// <summary>An <see cref="IChatClient"/> for <paramref name="model"/> on <paramref name="endpoint"/> (OpenAI chat completions underneath).</summary>
    public static IChatClient Create(OpenAiEndpoint endpoint, string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return endpoint.CreateClient().GetChatClient(model).AsIChatClient();
    }

    /// <summary>The id of the first model the server lists (<c>GET /v1/models</c>), for servers that serve one.</summary>
    public static async Task<string> FirstModelAsync(OpenAiEndpoint endpoint, RetryPolicy? retry = null, CancellationToken cancellationToken = default)
    {
        var models = await (retry ?? RetryPolicy.Default).Build().ExecuteAsync(
            async token => (await endpoint.CreateClient().GetOpenAIModelClient().GetModelsAsync(token).ConfigureAwait(false)).Value,
            cancellationToken).ConfigureAwait(false);
        return models.FirstOrDefault()?.Id
            ?? throw new InvalidDataException($"{endpoint.BaseUrl}models lists no model; name one explicitly");
    }

    /// <summary>
    /// Asks for one greedy token, to fail fast (unreachable server, wrong key, unknown model) before a long run
    /// depends on the server. Transient failures are retried with <paramref name="retry"/>.
    /// </summary>
    public static async Task<ChatProbe> ProbeAsync(IChatClient chat, RetryPolicy? retry = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var response = await (retry ?? RetryPolicy.Default).Build().ExecuteAsync(
            async token => await chat.GetResponseAsync(
                [new ChatMessage(ChatRole.User, "Reply with the single word OK.")],
                new ChatOptions { MaxOutputTokens = 1, Temperature = 0 },
                token).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        return new ChatProbe(response.ModelId, response.Text, clock.Elapsed);
    }
}
