namespace Raif.Training.Algorithms;

/// <summary>Which superior-CoT rule masks rollouts out of the policy gradient (spec §7).</summary>
public enum SuperiorCotMode
{
    /// <summary>No masking; every rollout trains (plain GRPO).</summary>
    Off,

    /// <summary>
    /// As released (spec §7.3–7.4): the per-sample offline flag, no-CoT rollouts never trained, and the group rule
    /// "drop every CoT rollout of a prompt if max CoT answer reward &lt; min no-CoT answer reward and the CoT
    /// rewards are not all equal". No-CoT answers are scored with the reasoning precondition, so that rule never fires.
    /// </summary>
    Released,

    /// <summary>
    /// Paper Eq. 7: no-CoT rollouts are scored on their answer alone (no empty-reasoning precondition); a prompt's
    /// CoT rollouts train only if the best CoT accuracy is at least the worst no-CoT accuracy.
    /// </summary>
    Paper,
}

/// <summary>What the filter needs to know about one rollout.</summary>
/// <param name="GroupKey">Prompt key shared by a prompt and its no-CoT variant (Core's ThinkPrefill.GroupingKey).</param>
/// <param name="IsNoCot">The rollout answered the reasoning-free prompt variant.</param>
/// <param name="AnswerReward">R_answer (released rule compares answer rewards).</param>
/// <param name="Accuracy">Answer accuracy in [0, 1] (paper rule compares accuracies).</param>
/// <param name="OfflineSuperior">The per-sample flag from the reward (pass count ≥ offline no-CoT score).</param>
public readonly record struct SuperiorCotSample(string GroupKey, bool IsNoCot, double AnswerReward, double Accuracy, bool OfflineSuperior);

/// <summary>
/// Superior-CoT enforcement: decides which rollouts contribute to the policy-gradient loss. A masked rollout keeps
/// its place in the group statistics, its KL term and the behaviour-cloning step; only its policy gradient is zero.
/// </summary>
public static class SuperiorCotFilter
{
    /// <summary>One flag per rollout: true = train on it with the policy gradient.</summary>
    public static bool[] Keep(IReadOnlyList<SuperiorCotSample> samples, SuperiorCotMode mode)
    {
        var keep = new bool[samples.Count];
        if (mode == SuperiorCotMode.Off)
        {
            Array.Fill(keep, true);
            return keep;
        }
        for (int i = 0; i < samples.Count; i++)
            keep[i] = !samples[i].IsNoCot && (mode != SuperiorCotMode.Released || samples[i].OfflineSuperior);

        foreach (var group in Enumerable.Range(0, samples.Count).GroupBy(i => samples[i].GroupKey, StringComparer.Ordinal))
        {
            var cot = group.Where(i => !samples[i].IsNoCot).ToList();
            var noCot = group.Where(i => samples[i].IsNoCot).ToList();
            if (cot.Count == 0 || noCot.Count == 0)
                continue;
            bool drop;
            if (mode == SuperiorCotMode.Released)
            {
                double aMax = cot.Max(i => samples[i].AnswerReward);
                double aMin = cot.Min(i => samples[i].AnswerReward);
                double bMin = noCot.Min(i => samples[i].AnswerReward);
                drop = aMax < bMin && aMin != aMax;
            }
            else
            {
                drop = cot.Max(i => samples[i].Accuracy) < noCot.Min(i => samples[i].Accuracy);
            }
            if (drop)
            {
                foreach (int i in cot)
                    keep[i] = false;
            }
        }
        return keep;
    }
}
