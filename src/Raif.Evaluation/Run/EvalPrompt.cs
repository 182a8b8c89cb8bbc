using Raif.Core.Templates;

namespace Raif.Evaluation.Run;

/// <summary>
/// One benchmark item as the policy sees it: the benchmark's own id and the conversation to answer (earlier turns of
/// a multi-turn benchmark included; the model writes the next assistant turn).
/// </summary>
public sealed record EvalPrompt(string Id, IReadOnlyList<ChatTurn> Conversation);
