using Raif.Core.Judging;
using Raif.Rewards;

namespace Raif.Training.Rollouts;

/// <summary>
/// The RAIF reward (Raif.Rewards) behind the trainer's scorer seam. Rollouts that must be scored without the
/// reasoning precondition (paper-mode no-CoT rollouts, evaluation) go to a second calculator with that switch off.
/// A sample the reward cannot score stops the step with its reason: the trainer never learns from a made-up value.
/// </summary>
public sealed class RaifRewardScorer : IRolloutScorer
{
    private readonly RewardCalculator _withReasoning;
    private readonly RewardCalculator _withoutReasoning;

    public RaifRewardScorer(RewardOptions? options = null, IJudge? judge = null)
    {
        options ??= new RewardOptions();
        _withReasoning = new RewardCalculator(options with { RequireReasoning = true }, judge);
        _withoutReasoning = new RewardCalculator(options with { RequireReasoning = false }, judge);
    }

    public async Task<IReadOnlyList<RolloutReward>> ScoreAsync(IReadOnlyList<RolloutToScore> rollouts, CancellationToken cancellationToken)
    {
        var results = new RolloutReward[rollouts.Count];
        foreach (bool require in new[] { true, false })
        {
            var indices = Enumerable.Range(0, rollouts.Count).Where(i => rollouts[i].RequireReasoning == require).ToList();
            if (indices.Count == 0)
                continue;
            var calculator = require ? _withReasoning : _withoutReasoning;
            var inputs = indices.Select(i => new RewardInput(rollouts[i].Prompt, rollouts[i].Output, rollouts[i].Target, rollouts[i].Task)).ToList();
            var scored = await calculator.ScoreBatchAsync(inputs, cancellationToken).ConfigureAwait(false);
            for (int k = 0; k < indices.Count; k++)
            {
                var r = scored[k];
                int i = indices[k];
                if (r.Failed)
                    throw new InvalidOperationException($"reward for rollout {i} could not be computed: {r.Error}");
                results[i] = new RolloutReward(r.Total, r.FormatReward, r.AnswerReward, r.Accuracy, r.FormatValid, r.Superior, r.Reason,
                    r.PassCount ?? 0, r.N);
            }
        }
        return results;
    }
}
