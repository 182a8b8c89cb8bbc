using Microsoft.Extensions.AI;

namespace Raif.Evaluation.Tests.Judging;

/// <summary>A chat model that answers from a script and counts the calls made to it.</summary>
internal sealed class ScriptedChatClient(Func<IEnumerable<ChatMessage>, ChatOptions?, string> answer) : IChatClient
{
    private int _calls;

    public ScriptedChatClient(Func<IEnumerable<ChatMessage>, string> answer)
        : this((messages, _) => answer(messages))
    {
    }

    public int Calls => _calls;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer(messages, options))));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("judges are asked without streaming");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
