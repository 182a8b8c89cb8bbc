using Raif.Core.Templates;

namespace Raif.Core.Judging;

/// <summary>
/// One judging request: a conversation (typically a system turn and a user turn holding the rubric, the request,
/// the generated text and one scoring question) and the assistant continuations to compare, e.g.
/// <c>YES(是)</c> and <c>NO(否)</c> (spec §6.5).
/// </summary>
public sealed record JudgeRequest(IReadOnlyList<ChatTurn> Conversation, IReadOnlyList<string> Continuations);

/// <summary>
/// The judge's answer for one request: for each continuation, the summed natural-log probability of the last
/// <see cref="TokensCompared"/> tokens of the conversation rendered with that continuation as an open
/// assistant turn. <see cref="TokensCompared"/> = max(1, min over continuations of their token counts) under the
/// judge's own tokenizer, so continuations of different lengths are compared on equally many tokens.
/// </summary>
public sealed record JudgeScores(IReadOnlyList<double> SummedLogProbs, int TokensCompared);

/// <summary>
/// A language model used as a judge. Implementations render each conversation with their own chat template in
/// "continue final message" mode, score all continuations in as few forward passes as they can, and throw
/// (never return a made-up score) when they cannot answer.
/// </summary>
public interface IJudge
{
    /// <summary>A short name for logs and audit records (model folder or URL).</summary>
    string Name { get; }

    /// <summary>Scores every request; the result has one entry per request, in order.</summary>
    Task<IReadOnlyList<JudgeScores>> ScoreAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellationToken = default);
}
