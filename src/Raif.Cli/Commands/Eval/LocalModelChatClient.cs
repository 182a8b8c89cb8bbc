using Microsoft.Extensions.AI;
using Raif.Core.Templates;
using Raif.Modeling;
using Raif.Modeling.Generation;
using AiChatRole = Microsoft.Extensions.AI.ChatRole;
using TurnRole = Raif.Core.Templates.ChatRole;

namespace Raif.Cli.Commands.Eval;

/// <summary>
/// A local model folder as an <see cref="IChatClient"/>, so a benchmark judge (or policy) can be a checkpoint on this
/// machine instead of a server. Raif.Server renders and generates the same way but only behind HTTP, and
/// Raif.Modeling does not depend on Microsoft.Extensions.AI, hence this small adapter. Calls are serialised: one
/// model, one generation at a time.
/// </summary>
internal sealed class LocalModelChatClient(LanguageModel model, ChatTemplate template) : IChatClient
{
    private readonly SemaphoreSlim _gate = new(1);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var turns = messages.Select(ToTurn).ToList();
        // A final assistant turn is a prefill to continue (vLLM's continue_final_message), as the no-CoT mode sends.
        var ending = turns.Count > 0 && turns[^1].Role == TurnRole.Assistant ? RenderEnding.ContinueFinalMessage : RenderEnding.GenerationPrompt;
        int[] prompt = model.Tokenizer.Encode(template.Render(turns, ending));
        float temperature = options?.Temperature ?? 0f;
        var generation = model.DefaultGenerationOptions(options?.MaxOutputTokens ?? 1024) with
        {
            Sampling = temperature > 0 ? new SamplingOptions(DoSample: true, Temperature: temperature) : SamplingOptions.Greedy,
        };
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var sequence = await Task.Run(() => model.Generate([prompt], generation, cancellationToken)[0], cancellationToken).ConfigureAwait(false);
            string text = model.Tokenizer.Decode(sequence.TokenIds, skipSpecialTokens: true);
            return new ChatResponse(new ChatMessage(AiChatRole.Assistant, text))
            {
                ModelId = model.Name,
                FinishReason = sequence.FinishReason == FinishReason.Stop ? ChatFinishReason.Stop : ChatFinishReason.Length,
            };
        }
        finally
        {
            _gate.Release();
        }
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
            yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() => _gate.Dispose();

    private static ChatTurn ToTurn(ChatMessage message)
    {
        var role = message.Role == AiChatRole.System ? TurnRole.System
            : message.Role == AiChatRole.Assistant ? TurnRole.Assistant
            : message.Role == AiChatRole.User ? TurnRole.User
            : throw new ArgumentException($"the local chat model cannot render a '{message.Role}' message");
        return new ChatTurn(role, message.Text);
    }
}
