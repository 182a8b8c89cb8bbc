using Microsoft.Extensions.AI;

namespace Raif.Data.Tests.Export;

/// <summary>
/// A chat model for tests: answers each request with <c>reply(userText)</c>, records every request, and can cancel a
/// token once a number of requests have been answered (a run killed mid-stage).
/// </summary>
internal sealed class ScriptedChatClient(Func<string, string> reply) : IChatClient
{
    private readonly Lock _gate = new();

    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    public List<ChatOptions?> Options { get; } = [];

    /// <summary>After this many answered requests, the next one cancels <see cref="CancelAfter"/> and throws.</summary>
    public int? AnswerLimit { get; init; }

    public CancellationTokenSource? CancelAfter { get; init; }

    public int Answered { get; private set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        lock (_gate)
        {
            if (AnswerLimit is { } limit && Answered >= limit)
            {
                CancelAfter!.Cancel();
                throw new OperationCanceledException(CancelAfter.Token);
            }
            Requests.Add(list);
            Options.Add(options);
            Answered++;
        }
        string user = list.Last(m => m.Role == ChatRole.User).Text;
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply(user))));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
