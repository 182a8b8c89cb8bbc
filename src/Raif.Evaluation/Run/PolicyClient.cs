using Microsoft.Extensions.AI;
using OpenAI.Chat;
using Raif.Core.Templates;
using Raif.RemoteModels;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiChatRole = Microsoft.Extensions.AI.ChatRole;
using ChatRole = Raif.Core.Templates.ChatRole;

namespace Raif.Evaluation.Run;

/// <summary>How the policy is asked: greedy by default (spec §9.2), with bounded concurrency and retries.</summary>
/// <param name="MaxOutputTokens">Upper bound on a reply's tokens.</param>
/// <param name="Concurrency">Requests in flight at once.</param>
/// <param name="Temperature">Sampling temperature; 0 is greedy.</param>
public sealed record PolicyOptions(int MaxOutputTokens = 4096, int Concurrency = 8, float Temperature = 0f, RetryPolicy? Retry = null);

/// <summary>
/// Asks the model under evaluation for one item's response in one of the paper's prompting modes (spec §9.3),
/// through <see cref="IChatClient"/> (an OpenAI-compatible server such as vLLM or <c>raif serve</c>, or a local model).
/// </summary>
public sealed class PolicyClient(IChatClient chat, PolicyOptions? options = null)
{
    private readonly PolicyOptions _options = options ?? new PolicyOptions();

    public PolicyOptions Options => _options;

    public Task<PolicyOutput> AnswerAsync(EvalPrompt prompt, PromptingMode mode, CancellationToken cancellationToken = default) =>
        AnswerAsync(prompt, mode, null, cancellationToken);

    /// <summary>As above; <paramref name="firstSteps"/> keeps SDC's first step (and supplies it when already kept).</summary>
    public async Task<PolicyOutput> AnswerAsync(EvalPrompt prompt, PromptingMode mode, ISdcFirstSteps? firstSteps, CancellationToken cancellationToken)
    {
        switch (mode)
        {
            case PromptingMode.Io:
            {
                var (text, reasoning) = await AskAsync(prompt.Conversation, continueFinal: false, cancellationToken).ConfigureAwait(false);
                return new PolicyOutput(AnswerCleaner.Clean(text), text, reasoning ?? InlineReasoning(text));
            }
            case PromptingMode.Cot:
            {
                var (text, reasoning) = await AskAsync(WithCotTrigger(prompt.Conversation), continueFinal: false, cancellationToken).ConfigureAwait(false);
                return new PolicyOutput(AnswerCleaner.Clean(text), text, reasoning ?? AnswerCleaner.Reasoning(text));
            }
            case PromptingMode.Sdc:
            {
                // Step 1: the model's own reasoning under the CoT trigger; step 2: that reasoning handed back as
                // "another model's" for a direct answer.
                if (firstSteps is null || !firstSteps.TryGetReasoning(prompt.Id, out string reasoning))
                {
                    var (first, firstReasoning) = await AskAsync(WithCotTrigger(prompt.Conversation), continueFinal: false, cancellationToken).ConfigureAwait(false);
                    reasoning = firstReasoning ?? AnswerCleaner.Reasoning(first);
                    firstSteps?.AddReasoning(prompt.Id, reasoning);
                }
                var (text, _) = await AskAsync(SelfDeepClaude(prompt.Conversation, reasoning), continueFinal: false, cancellationToken).ConfigureAwait(false);
                return new PolicyOutput(AnswerCleaner.Clean(text), text, reasoning);
            }
            case PromptingMode.NoCot:
            {
                var turns = prompt.Conversation.Append(ChatTurn.Assistant(ThinkPrefill.NoCotSuffix)).ToList();
                var (text, _) = await AskAsync(turns, continueFinal: true, cancellationToken).ConfigureAwait(false);
                return new PolicyOutput(AnswerCleaner.Clean(text), text, null);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, null);
        }
    }

    /// <summary>The conversation with the CoT trigger as its system message (an original system message follows it).</summary>
    public static IReadOnlyList<ChatTurn> WithCotTrigger(IReadOnlyList<ChatTurn> conversation)
    {
        string? original = conversation.Count > 0 && conversation[0].Role == ChatRole.System ? conversation[0].Content : null;
        var rest = original is null ? conversation : conversation.Skip(1);
        return [ChatTurn.System(CotTrigger.SystemPrompt(original)), .. rest];
    }

    /// <summary>SDC's second step: the last request packed in a fenced block, the reasoning, and a request for a direct response.</summary>
    public static IReadOnlyList<ChatTurn> SelfDeepClaude(IReadOnlyList<ChatTurn> conversation, string reasoning)
    {
        int last = conversation.Count - 1;
        while (last >= 0 && conversation[last].Role != ChatRole.User)
            last--;
        if (last < 0)
            throw new ArgumentException("SDC needs a user turn to answer");
        string packed =
            "Here is a request:\n```\n" + conversation[last].Content + "\n```\n\n" +
            "Here is another model's reasoning process about it:\n```\n" + reasoning + "\n```\n\n" +
            "Using that reasoning where it helps, respond to the request directly. Give only the response.";
        return [.. conversation.Take(last), ChatTurn.User(packed), .. conversation.Skip(last + 1)];
    }

    private async Task<(string Text, string? Reasoning)> AskAsync(IReadOnlyList<ChatTurn> turns, bool continueFinal, CancellationToken cancellationToken)
    {
        var messages = turns.Select(t => new AiChatMessage(ToAiRole(t.Role), t.Content)).ToList();
        var chatOptions = new ChatOptions { Temperature = _options.Temperature, MaxOutputTokens = _options.MaxOutputTokens };
        if (continueFinal)
            chatOptions.RawRepresentationFactory = _ => ContinueFinalMessage();
        var response = await (_options.Retry ?? RetryPolicy.Default).Build().ExecuteAsync(
            async token => await chat.GetResponseAsync(messages, chatOptions, token).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        string? reasoning = string.Concat(response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>().Select(r => r.Text));
        return (response.Text, string.IsNullOrEmpty(reasoning) ? null : reasoning);
    }

    /// <summary>
    /// vLLM's (and <c>raif serve</c>'s) way of continuing a pre-filled assistant turn instead of opening a new one;
    /// the OpenAI API has no field for it, so it goes into the request body as an extra property.
    /// </summary>
    private static ChatCompletionOptions ContinueFinalMessage()
    {
        var options = new ChatCompletionOptions();
#pragma warning disable SCME0001 // JsonPatch is marked experimental; it is the SDK's only way to add a body field.
        options.Patch.Set("$.continue_final_message"u8, true);
        options.Patch.Set("$.add_generation_prompt"u8, false);
#pragma warning restore SCME0001
        return options;
    }

    private static string? InlineReasoning(string text) =>
        text.Contains("</think>", StringComparison.Ordinal) ? AnswerCleaner.Reasoning(text) : null;

    private static AiChatRole ToAiRole(ChatRole role) => role switch
    {
        ChatRole.System => AiChatRole.System,
        ChatRole.User => AiChatRole.User,
        _ => AiChatRole.Assistant,
    };
}
