using Raif.Core.Tasks;

namespace Raif.Rewards;

/// <summary>
/// The reward of one rollout with its audit trail. <see cref="Total"/> = <see cref="FormatReward"/> +
/// <see cref="AnswerReward"/> (spec §6.1). When the sample could not be scored at all (bad target, unknown task,
/// no judge) <see cref="Error"/> says why and the rewards are NaN, so that a caller that ignores the error cannot
/// train on a made-up number.
/// </summary>
public sealed record RewardResult
{
    /// <summary>The input's id, if it had one.</summary>
    public string? Id { get; init; }

    /// <summary>The verifier the task was routed to; <c>null</c> when routing failed.</summary>
    public TaskKind? Kind { get; init; }

    /// <summary>Whether the format check passed (always true for <c>…woFormat</c> tasks, whose check is skipped).</summary>
    public bool FormatValid { get; init; }

    /// <summary>+1 or −1 (spec §6.2).</summary>
    public double FormatReward { get; init; }

    /// <summary>+2, k/n in (0, 1) or −2 for instruction following; +2, −1.5 or −2 for maths (spec §6.1).</summary>
    public double AnswerReward { get; init; }

    /// <summary>Format reward plus answer reward.</summary>
    public double Total => FormatReward + AnswerReward;

    /// <summary>Checks passed (instructions followed, judge YES answers, 1 for a correct maths answer); <c>null</c> when not scored.</summary>
    public int? PassCount { get; init; }

    /// <summary>Number of checks (instructions, scoring questions; 1 for maths).</summary>
    public int N { get; init; }

    /// <summary>Whether the answer was checked (the preconditions held and the verifier ran).</summary>
    public bool Scored { get; init; }

    /// <summary>The answer-accuracy metric in [0, 1]: 1 when every check passed, 0 when none did or the answer was not scored, k/n otherwise.</summary>
    public double Accuracy { get; init; }

    /// <summary>
    /// The offline superiority flag (spec §7.3): the pass count is at least the reference no-reasoning score stored
    /// in the target. Unscored samples and maths are superior by definition.
    /// </summary>
    public bool Superior { get; init; }

    /// <summary>A short human-readable account, e.g. <c>format: ok; ifeval: 2/3 passed; failed: punctuation:no_comma</c>.</summary>
    public string Reason { get; init; } = "";

    /// <summary>Per check, whether it passed (instruction order or question order); <c>null</c> when not scored or for maths.</summary>
    public bool[]? FollowList { get; init; }

    /// <summary>Why the sample could not be scored; <c>null</c> for a scored (or deliberately unscored) sample.</summary>
    public string? Error { get; init; }

    /// <summary>True when <see cref="Error"/> is set.</summary>
    public bool Failed => Error is not null;

    /// <summary>A result for a sample that could not be scored.</summary>
    public static RewardResult ForError(string? id, TaskKind? kind, string error) => new()
    {
        Id = id,
        Kind = kind,
        FormatReward = double.NaN,
        AnswerReward = double.NaN,
        Accuracy = double.NaN,
        Reason = "error: " + error,
        Error = error,
    };
}
