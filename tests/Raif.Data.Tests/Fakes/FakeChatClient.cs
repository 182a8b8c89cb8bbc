using Microsoft.Extensions.AI;

namespace Raif.Data.Tests.Fakes;

/// <summary>A chat model answering from a script (which may throw), recording every request it got.</summary>
internal sealed class FakeChatClient(Func<IReadOnlyList<ChatMessage>, ChatResponse> answer) : IChatClient
{
    private readonly List<IReadOnlyList<ChatMessage>> _requests = [];
    private readonly Lock _gate = new();

    public static FakeChatClient Text(Func<IReadOnlyList<ChatMessage>, string> answer) =>
        new(messages => new ChatResponse(new ChatMessage(ChatRole.Assistant, answer(messages))));

    public IReadOnlyList<IReadOnlyList<ChatMessage>> Requests
    {
        get
        {
            lock (_gate)
                return _requests.ToArray();
        }
    }

    public ChatOptions? LastOptions { get; private set; }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToArray();
        lock (_gate)
            _requests.Add(list);
        LastOptions = options;
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        return answer(list);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("stages ask without streaming");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
