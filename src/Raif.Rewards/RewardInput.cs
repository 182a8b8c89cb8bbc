using Raif.Core.Records;

namespace Raif.Rewards;

/// <summary>
/// One rollout to score: <paramref name="Input"/> is the rendered prompt ending with the pre-filled
/// <c>&lt;think&gt;</c>, <paramref name="Output"/> what the model generated after it (it does not repeat the
/// pre-filled <c>&lt;think&gt;</c>), <paramref name="Target"/> the verifier data and <paramref name="Task"/> the
/// routing tag (<c>null</c> or empty means <c>default</c>, maths). <paramref name="Id"/> is carried into the result.
/// </summary>
public sealed record RewardInput(string Input, string Output, string Target, string? Task = null, string? Id = null)
{
    /// <summary>The full decoded sequence the reward is computed on (spec §5.4).</summary>
    public string Sequence => Input + Output;

    public static RewardInput From(Rollout rollout) =>
        new(rollout.Input, rollout.Output, rollout.Target, rollout.Task, rollout.Id);
}
