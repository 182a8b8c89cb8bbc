using Raif.Core.Judging;

namespace Raif.Rewards.Judging;

/// <summary>Reading the judge's scores (spec §6.5 steps 6–7).</summary>
public static class ChecklistVerdict
{
    /// <summary>
    /// A question is satisfied iff the YES continuation scores strictly higher than the NO continuation; a tie
    /// is NO. Malformed scores (wrong count, NaN) are an error, never a guess.
    /// </summary>
    public static bool IsSatisfied(JudgeScores scores)
    {
        if (scores.SummedLogProbs.Count != JudgePrompt.Continuations.Count)
            throw new InvalidDataException(
                $"the judge returned {scores.SummedLogProbs.Count} scores for {JudgePrompt.Continuations.Count} continuations");
        double yes = scores.SummedLogProbs[0], no = scores.SummedLogProbs[1];
        if (double.IsNaN(yes) || double.IsNaN(no))
            throw new InvalidDataException("the judge returned NaN log-probabilities");
        return yes > no;
    }
}
