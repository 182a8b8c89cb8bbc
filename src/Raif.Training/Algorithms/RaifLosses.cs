using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Training.Algorithms;

/// <summary>
/// The three loss terms of a RAIF update, on padded [B, T] tensors of per-token log-probabilities where
/// <c>mask</c> is 1 on the tokens that count (response tokens for PG/KL, SFT tokens for BC) and 0 elsewhere.
/// Each function returns this micro-batch's share of the update's loss, already divided by
/// <paramref name="updateSize"/> (sequences, or tokens for <see cref="LossAggregation.TokenMean"/>), so that summing
/// the micro-batch losses of an update gives exactly the aggregated loss over the whole update.
/// </summary>
public static class RaifLosses
{
    /// <summary>|log π_ref − log π| is clamped here inside k3 for numerical safety (as OpenRLHF does).</summary>
    public const double KlLogRatioClamp = 10.0;

    /// <summary>
    /// Clipped policy-gradient loss (spec §8.3): ρ = exp(log π − log π_old), L = −min(ρA, clip(ρ, 1−ε_low, 1+ε_high)A).
    /// For a rollout with <paramref name="keep"/> = 0 the log-ratio is multiplied by 0, so ρ = 1 is a constant:
    /// its loss value still counts in the average (it dilutes, spec §7.6) but its gradient is exactly zero.
    /// </summary>
    public static Tensor Policy(
        Tensor logProbs, Tensor oldLogProbs, Tensor advantages, Tensor keep, Tensor mask,
        double epsLow, double epsHigh, LossAggregation aggregation, double updateSize, int generationLimit)
    {
        var logRatio = (logProbs - oldLogProbs) * keep.unsqueeze(1);
        var ratio = logRatio.exp();
        var a = advantages.unsqueeze(1);
        var surrogate = ratio * a;
        var clipped = ratio.clamp(1 - epsLow, 1 + epsHigh) * a;
        var tokenLoss = -minimum(surrogate, clipped);
        return Aggregate(tokenLoss, mask, aggregation, updateSize, generationLimit);
    }

    /// <summary>
    /// The k3 estimator of KL(π‖π_ref) used as a loss (spec §8.4): with δ = log π_ref − log π, k3 = e^δ − 1 − δ ≥ 0.
    /// Not affected by superior-CoT masking.
    /// </summary>
    public static Tensor KlK3(Tensor logProbs, Tensor referenceLogProbs, Tensor mask, LossAggregation aggregation, double updateSize, int generationLimit)
    {
        var delta = (referenceLogProbs - logProbs).clamp(-KlLogRatioClamp, KlLogRatioClamp);
        var k3 = delta.exp() - 1 - delta;
        return Aggregate(k3, mask, aggregation, updateSize, generationLimit);
    }

    /// <summary>Behaviour cloning (spec §8.5): mean next-token negative log-likelihood per sequence, mean over sequences.</summary>
    public static Tensor BehaviourCloning(Tensor logProbs, Tensor mask, double updateSize) =>
        Aggregate(-logProbs, mask, LossAggregation.SequenceMeanTokenMean, updateSize, 1);

    /// <summary>Per-sequence masked mean of a [B, T] tensor (for metrics such as the mean KL of each rollout).</summary>
    public static Tensor SequenceMean(Tensor values, Tensor mask) =>
        (values * mask).sum(1) / mask.sum(1).clamp_min(1);

    private static Tensor Aggregate(Tensor tokenValues, Tensor mask, LossAggregation aggregation, double updateSize, int generationLimit)
    {
        var masked = tokenValues * mask;
        return aggregation switch
        {
            LossAggregation.SequenceMeanTokenMean => (masked.sum(1) / mask.sum(1).clamp_min(1)).sum() / updateSize,
            LossAggregation.TokenMean => masked.sum() / updateSize,
            LossAggregation.DrGrpo => (masked.sum(1) / generationLimit).sum() / updateSize,
            _ => throw new ArgumentOutOfRangeException(nameof(aggregation)),
        };
    }
}
