namespace Raif.Training.Metrics;

/// <summary>What one training step logs to <c>metrics.jsonl</c> (one line per step, snake_case keys).</summary>
public sealed record StepMetrics
{
    public int Step { get; init; }
    public int Episode { get; init; }
    public int Rollouts { get; init; }
    public double Reward { get; init; }
    public double FormatReward { get; init; }
    public double AnswerReward { get; init; }
    public double FormatAccuracy { get; init; }
    public double AnswerAccuracy { get; init; }
    /// <summary>Answer accuracy of the reasoning (CoT) rollouts only.</summary>
    public double CotAccuracy { get; init; }
    /// <summary>Answer accuracy of the no-CoT rollouts, scored on the answer alone (NaN when there are none).</summary>
    public double NoCotAccuracy { get; init; }
    public double KeptRatio { get; init; }
    public int GroupsDropped { get; init; }
    public double ResponseLength { get; init; }
    public double ReasoningLength { get; init; }
    public double Kl { get; init; }
    public double PolicyLoss { get; init; }
    public double BcLoss { get; init; }
    public double LearningRate { get; init; }
    public double GradNorm { get; init; }
    public double TokensPerSecond { get; init; }
    public double GenerateSeconds { get; init; }
    public double RewardSeconds { get; init; }
    public double LearnSeconds { get; init; }
}
