namespace Raif.Training.Rollouts;

/// <summary>One generated response to score: the rendered prompt, what the model produced after it, and its target.</summary>
/// <param name="RequireReasoning">False scores the answer without the non-empty-reasoning precondition (paper-mode no-CoT rollouts).</param>
public sealed record RolloutToScore(string Prompt, string Output, string Target, string Task, bool RequireReasoning = true);

/// <summary>The parts of a reward the trainer uses.</summary>
/// <param name="Accuracy">Answer accuracy in [0, 1] (1, 0 or the passed fraction).</param>
/// <param name="Superior">The per-sample superiority flag (spec §7.3).</param>
/// <param name="Passed">Checks passed (0 when the answer could not be checked).</param>
/// <param name="Checks">Checks the target asks for (instructions, questions; 1 for maths).</param>
public sealed record RolloutReward(
    double Total, double FormatReward, double AnswerReward, double Accuracy, bool FormatValid, bool Superior, string Reason,
    int Passed, int Checks);

/// <summary>
/// Scores rollouts. The trainer depends on this seam rather than on one reward implementation so that the RAIF reward
/// (Raif.Rewards), a remote reward server or a test double can stand behind it; a scorer throws for a sample it cannot
/// score rather than inventing a value.
/// </summary>
public interface IRolloutScorer
{
    Task<IReadOnlyList<RolloutReward>> ScoreAsync(IReadOnlyList<RolloutToScore> rollouts, CancellationToken cancellationToken);
}
