namespace Raif.Training.Algorithms;

/// <summary>How per-token losses of an update become one number.</summary>
public enum LossAggregation
{
    /// <summary>Mean over each sequence's response tokens, then mean over sequences (spec §8.3, the 1/|y_i| of Eq. 1).</summary>
    SequenceMeanTokenMean,

    /// <summary>Sum over all response tokens of the update divided by their count (DAPO's token-level loss).</summary>
    TokenMean,

    /// <summary>Dr. GRPO: each sequence's token sum divided by a constant (the generation limit), then mean over sequences.</summary>
    DrGrpo,
}
