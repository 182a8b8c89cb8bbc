using Raif.Training.Algorithms;
using Raif.Training.Config;

namespace Raif.Training.Tiny;

/// <summary>
/// Settings of the built-in miniature. The RL settings differ from the paper's on purpose: a 1-M-parameter model
/// trained for minutes needs a far larger learning rate than a 7 B model trained for a week, and shorter
/// generations; everything else (group of 8 with 6 CoT + 2 no-CoT, clipped PG, k3 KL, behaviour cloning,
/// superior CoT) is the RAIF recipe.
/// </summary>
public sealed record TinyPresetOptions
{
    public int Seed { get; init; } = 1;

    public string OutputDir { get; init; } = Path.Combine("runs", $"tiny-{DateTime.UtcNow:yyyyMMdd-HHmmss}");

    public TinyWorldOptions World { get; init; } = new();

    public TinyModelShape Shape { get; init; } = new();

    /// <summary>Behaviour-cloning steps that give the model its imperfect starting point.</summary>
    public int PretrainSteps { get; init; } = 350;

    public int PretrainBatchSize { get; init; } = 32;

    public double PretrainLearningRate { get; init; } = 3e-3;

    /// <summary>Held-out prompts evaluated before and after RL (greedy, with and without reasoning).</summary>
    public int EvaluationPrompts { get; init; } = 300;

    public int MaxNewTokens { get; init; } = 96;

    /// <summary>The RAIF run itself (policy/reference/data fields are filled in by the preset).</summary>
    public TrainerOptions Rl { get; init; } = DefaultRl;

    /// <summary>Also run the four arms of the paper's Table 4 (GRPO, + superior CoT, + behaviour cloning, + both).</summary>
    public bool Ablation { get; init; }

    public int Threads { get; init; }

    public static readonly TrainerOptions DefaultRl = new()
    {
        SamplesPerPrompt = 8,
        NoCotSamples = 2,
        RolloutBatchSize = 16,
        TrainBatchSize = 128,
        MicroBatchSize = 32,
        LearningRate = 1.5e-3,
        WarmupRatio = 0.03,
        KlCoefficient = 0.001,
        BehaviourCloningCoefficient = 1.0,
        SuperiorCot = SuperiorCotMode.Paper,
        MaxGenerationLength = 96,
        MaxPromptLength = 256,
        MaxSteps = 70,
        CheckpointInterval = 40,
        CheckpointsKept = 1,
        Seed = 1,
    };
}
