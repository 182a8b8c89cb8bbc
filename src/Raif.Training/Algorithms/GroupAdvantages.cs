namespace Raif.Training.Algorithms;

/// <summary>How rewards of a prompt group become advantages.</summary>
public enum AdvantageEstimator
{
    /// <summary>GRPO (spec §8.2): (r − mean) / (unbiased std + ε) within each group.</summary>
    GroupNorm,

    /// <summary>Dr. GRPO: r − mean, without dividing by the std (removes the difficulty bias of the std).</summary>
    DrGrpo,
}

/// <summary>
/// Group-normalised advantages. Groups are contiguous blocks of <c>groupSize</c> rewards in generation order,
/// no-CoT rollouts included (they shift every group's mean and std, spec §7.2).
/// </summary>
public static class GroupAdvantages
{
    /// <summary>ε added to the std (spec §8.2).</summary>
    public const double Epsilon = 1e-9;

    /// <summary>Advantages are clamped to this magnitude (never binding for G = 8; as OpenRLHF does).</summary>
    public const double Clamp = 10.0;

    public static double[] Compute(IReadOnlyList<double> rewards, int groupSize, AdvantageEstimator estimator = AdvantageEstimator.GroupNorm)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groupSize, 1);
        if (rewards.Count % groupSize != 0)
            throw new ArgumentException($"{rewards.Count} rewards do not split into groups of {groupSize}", nameof(rewards));
        var advantages = new double[rewards.Count];
        for (int start = 0; start < rewards.Count; start += groupSize)
        {
            double mean = 0;
            for (int i = 0; i < groupSize; i++)
                mean += rewards[start + i];
            mean /= groupSize;
            double std = 0;
            if (groupSize > 1)
            {
                double ss = 0;
                for (int i = 0; i < groupSize; i++)
                    ss += (rewards[start + i] - mean) * (rewards[start + i] - mean);
                std = Math.Sqrt(ss / (groupSize - 1));
            }
            for (int i = 0; i < groupSize; i++)
            {
                double centred = rewards[start + i] - mean;
                double a = estimator == AdvantageEstimator.GroupNorm ? centred / (std + Epsilon) : centred;
                advantages[start + i] = Math.Clamp(a, -Clamp, Clamp);
            }
        }
        return advantages;
    }

    /// <summary>Unbiased standard deviation of each group (for dynamic sampling and logging).</summary>
    public static double[] GroupStd(IReadOnlyList<double> rewards, int groupSize)
    {
        var result = new double[rewards.Count / groupSize];
        for (int g = 0; g < result.Length; g++)
        {
            int start = g * groupSize;
            double mean = 0;
            for (int i = 0; i < groupSize; i++)
                mean += rewards[start + i];
            mean /= groupSize;
            double ss = 0;
            for (int i = 0; i < groupSize; i++)
                ss += (rewards[start + i] - mean) * (rewards[start + i] - mean);
            result[g] = groupSize > 1 ? Math.Sqrt(ss / (groupSize - 1)) : 0;
        }
        return result;
    }
}
