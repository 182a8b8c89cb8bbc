using Raif.Core.Records;
using Raif.Core.Templates;
using Raif.Training.Algorithms;
using Raif.Training.Config;
using Raif.Training.Metrics;
using Raif.Training.Rollouts;

namespace Raif.Training.Tests.Trainer;

/// <summary>The whole loop (generate → score → GRPO advantages → clipped update) raises the reward it is trained on.</summary>
public sealed class ShortRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-short-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>
    /// Rewards each &lt;answer&gt; tag in the output. A random model emits the tag now and then (it is one token of
    /// the tiny vocabulary), so groups have variance and the policy gradient has something to climb.
    /// </summary>
    private sealed class AnswerTagScorer : IRolloutScorer
    {
        public Task<IReadOnlyList<RolloutReward>> ScoreAsync(IReadOnlyList<RolloutToScore> rollouts, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<RolloutReward>>(rollouts.Select(r =>
            {
                int tags = (r.Output.Length - r.Output.Replace("<answer>", "", StringComparison.Ordinal).Length) / "<answer>".Length;
                return new RolloutReward(tags, 0, tags, 0, false, true, "", 0, 1);
            }).ToList());
    }

    [Fact]
    public async Task A_short_tiny_run_raises_the_mean_reward()
    {
        var world = TinyFixture.World(training: 40);
        using var policy = TinyFixture.Model(world, Path.Combine(_dir, "init"));
        var prompts = world.Training.Take(2).Select(t => new RlPrompt(t.Prompt(ChatTemplates.Qwen), t.Target(), "ifeval")).ToList();
        var options = new TrainerOptions
        {
            RolloutBatchSize = 2, SamplesPerPrompt = 8, NoCotSamples = 0, SuperiorCot = SuperiorCotMode.Off,
            TrainBatchSize = 16, MicroBatchSize = 16, LearningRate = 1e-2, WarmupRatio = 0, MinLearningRateRatio = 1,
            KlCoefficient = 0, BehaviourCloningCoefficient = 0, MaxGenerationLength = 24, MaxSteps = 30,
            CheckpointInterval = 0, Seed = 2,
        };
        using var trainer = new RaifTrainer(options, policy, null, new AnswerTagScorer(), prompts, null, Path.Combine(_dir, "rl"));
        await trainer.RunAsync();

        var rewards = MetricsLog.Read(trainer.MetricsPath).Select(m => m.Reward).ToList();
        double first = rewards.Take(4).Average(), last = rewards.TakeLast(4).Average();
        Assert.True(last > first + 2, $"mean reward went from {first:F2} (first 4 steps) to {last:F2} (last 4 steps): {string.Join(", ", rewards.Select(r => r.ToString("F2")))}");
    }
}
