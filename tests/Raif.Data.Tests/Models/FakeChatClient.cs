using Microsoft.Extensions.AI;

namespace Raif.Data.Tests.Models;

/// <summary>
/// A chat model for tests: answers each conversation with a script, records every conversation it was sent, and
/// can run a hook before answering (a test cancels a run from there to simulate a kill). Counts its disposals.
/// </summary>
internal sealed class FakeChatClient(Func<IReadOnlyList<ChatMessage>, string> answer) : IChatClient
{
    private readonly Lock _gate = new();
    private readonly List<IReadOnlyList<ChatMessage>> _conversations = [];
    private int _disposals;

    /// <summary>Runs with the call's 1-based number before the answer.</summary>
    public Func<int, Task>? BeforeAnswer { get; init; }

    public int Calls
    {
        get
        {
            lock (_gate)
                return _conversations.Count;
        }
    }

    public IReadOnlyList<IReadOnlyList<ChatMessage>> Conversations
    {
        get
        {
            lock (_gate)
                return [.. _conversations];
        }
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var conversation = messages.ToList();
        int call;
        lock (_gate)
        {
            _conversations.Add(conversation);
            call = _conversations.Count;
        }
        if (BeforeAnswer is { } hook)
            await hook(call);
        cancellationToken.ThrowIfCancellationRequested();
        await Task.Yield();
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, answer(conversation)));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("data stages ask without streaming");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public int Disposals => Volatile.Read(ref _disposals);

    public void Dispose() => Interlocked.Increment(ref _disposals);
}
