namespace Raif.Rewards;

/// <summary>
/// The offline superiority flag of spec §7.3: a scored reasoning rollout is "superior" when it passed at least as
/// many checks as Qwen2.5-7B-Instruct answering without reasoning did (the score stored in the target; 0 when
/// absent). Unscored samples and maths samples are superior by definition, so the flag never masks them.
/// </summary>
public static class Superiority
{
    /// <summary>Target key of the no-reasoning pass count for <c>ifeval…</c> records.</summary>
    public const string IfevalScoreField = "follow_score_qwen2.5-7B-Instruct";

    /// <summary>Target key of the no-reasoning YES count for <c>complex…</c> records.</summary>
    public const string ComplexScoreField = "scoring_sum_qwen2.5-7B-Instruct";

    /// <summary>The flag for a sample that was scored with <paramref name="passCount"/> checks passed.</summary>
    public static bool IsSuperior(int passCount, double offlineScore) => passCount >= offlineScore;
}
