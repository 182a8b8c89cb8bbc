using Raif.Verifiers.IfEval;

namespace Raif.Rewards;

/// <summary>How the RAIF reward is computed. The defaults are the paper's intended semantics (spec §6).</summary>
public sealed record RewardOptions
{
    /// <summary>
    /// Require a non-empty reasoning block that is not the template's placeholder before an instruction-following
    /// answer is checked (spec §6.3). Turn off to score reasoning-free ("no-CoT") rollouts on their answer alone,
    /// as the trainer's "paper" superior-CoT mode needs (spec §7.5); the format rule still applies.
    /// </summary>
    public bool RequireReasoning { get; init; } = true;

    /// <summary>
    /// Which checker semantics score <c>ifeval…</c> constraints: Google's official checkers (the default) or RAIF's
    /// variant (literal keywords, quoted repeats, zh-cn/zh-tw; see <see cref="IfevalVariant"/>).
    /// </summary>
    public IfevalVariant IfevalVariant { get; init; } = IfevalVariant.Official;

    /// <summary>
    /// Time allowed to compare one maths answer with its reference; when it runs out the answer counts as not equal
    /// (the release allows 10 s per comparison in a subprocess).
    /// </summary>
    public TimeSpan MathsTimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Strings at which the model output is cut (spec §5.4); <c>null</c> means the defaults.</summary>
    public IReadOnlyList<string>? StopStrings { get; init; }

    /// <summary>How many samples are scored at once by rule-based verifiers; 0 or less means one per core.</summary>
    public int MaxDegreeOfParallelism { get; init; }
}
