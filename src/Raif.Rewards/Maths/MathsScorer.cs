using System.Text.RegularExpressions;

namespace Raif.Rewards.Maths;

/// <summary>
/// The maths answer check of spec §6.6 under a per-sample time budget: extraction, normalisation and comparison
/// run with a token that is cancelled when the budget is spent, and a spent budget counts as "not equal".
/// </summary>
public static class MathsScorer
{
    /// <summary>Checks the stop-truncated <paramref name="modelOutput"/> against the reference answer.</summary>
    public static MathsVerdict Score(string modelOutput, string reference, TimeSpan timeLimit, CancellationToken cancellationToken = default)
    {
        bool hasBoxed = MathsAnswerExtractor.HasBoxed(modelOutput);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeLimit <= TimeSpan.Zero)
            budget.Cancel();
        else
            budget.CancelAfter(timeLimit);
        string prediction = "", normalizedReference = reference;
        try
        {
            prediction = MathsAnswerExtractor.Extract(modelOutput);
            budget.Token.ThrowIfCancellationRequested();
            normalizedReference = MathsAnswerNormalizer.Normalize(reference);
            bool equal = MathsEquivalence.AreEqual(prediction, normalizedReference, budget.Token);
            return new MathsVerdict(hasBoxed, prediction, normalizedReference, equal, TimedOut: false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new MathsVerdict(hasBoxed, prediction, normalizedReference, Equal: false, TimedOut: true);
        }
        catch (RegexMatchTimeoutException)
        {
            return new MathsVerdict(hasBoxed, prediction, normalizedReference, Equal: false, TimedOut: true);
        }
    }
}
