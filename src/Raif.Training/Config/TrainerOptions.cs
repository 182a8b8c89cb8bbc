using System.ComponentModel;
using Raif.Training.Algorithms;

namespace Raif.Training.Config;

/// <summary>Which tokens the behaviour-cloning cross-entropy covers.</summary>
public enum BehaviourCloningScope
{
    /// <summary>Only the expert response tokens (the paper's −log π(ỹ|x)).</summary>
    Response,

    /// <summary>Prompt and response tokens, as the released code (OpenRLHF's ptx loss) does.</summary>
    FullSequence,
}

/// <summary>
/// Every setting of a RAIF run. Defaults are the paper's (spec §8.8) unless noted; the names in snake_case are the
/// keys of the TOML/JSON configuration file and of <c>--set key=value</c> overrides.
/// </summary>
public sealed record TrainerOptions
{
    [Description("Policy model folder (HuggingFace layout). Empty: the built-in tiny preset.")]
    public string? PolicyModel { get; init; }

    [Description("Reference model folder for the KL term. Empty: a frozen copy of the initial policy.")]
    public string? ReferenceModel { get; init; }

    [Description("Judge model folder for complex (checklist) prompts. Empty: no judge; complex prompts are an error.")]
    public string? JudgeModel { get; init; }

    [Description("RL prompt file (JSONL: input, target, task).")]
    public string? PromptData { get; init; }

    [Description("Behaviour-cloning file (JSONL: question, answer).")]
    public string? SftData { get; init; }

    [Description("Output folder for checkpoints, metrics.jsonl, plots and the report. Empty: a new folder under runs/.")]
    public string? OutputDir { get; init; }

    [Description("Responses sampled per prompt (the GRPO group size).")]
    public int SamplesPerPrompt { get; init; } = 8;

    [Description("How many of a group's samples answer the no-CoT variant, for ifeval/complex prompts (6:2 of 8 in RAIF).")]
    public int NoCotSamples { get; init; } = 2;

    [Description("Prompts per training step (rollout batch).")]
    public int RolloutBatchSize { get; init; } = 32;

    [Description("Rollouts per optimizer update.")]
    public int TrainBatchSize { get; init; } = 128;

    [Description("Sequences per forward/backward pass (memory vs speed; does not change the maths).")]
    public int MicroBatchSize { get; init; } = 8;

    [Description("Peak learning rate.")]
    public double LearningRate { get; init; } = 1e-6;

    [Description("AdamW beta1.")]
    public double AdamBeta1 { get; init; } = 0.9;

    [Description("AdamW beta2.")]
    public double AdamBeta2 { get; init; } = 0.95;

    [Description("AdamW weight decay.")]
    public double WeightDecay { get; init; }

    [Description("Gradient-norm clip (0 disables).")]
    public double GradientClip { get; init; } = 1.0;

    [Description("Warm-up fraction of all optimizer updates.")]
    public double WarmupRatio { get; init; } = 0.03;

    [Description("Cosine decay floor as a fraction of the peak learning rate.")]
    public double MinLearningRateRatio { get; init; } = 0.1;

    [Description("PPO clip range below 1 (epsilon_low).")]
    public double ClipEpsilonLow { get; init; } = 0.2;

    [Description("PPO clip range above 1 (epsilon_high; > epsilon_low is DAPO's clip-higher).")]
    public double ClipEpsilonHigh { get; init; } = 0.2;

    [Description("KL coefficient beta (k3 estimator, used as a loss).")]
    public double KlCoefficient { get; init; } = 0.001;

    [Description("Behaviour-cloning coefficient (0 disables behaviour cloning).")]
    public double BehaviourCloningCoefficient { get; init; } = 1.0;

    [Description("Tokens the behaviour-cloning loss covers: response (paper) or full_sequence (released code).")]
    public BehaviourCloningScope BehaviourCloningScope { get; init; } = BehaviourCloningScope.Response;

    [Description("Superior-CoT enforcement: paper (Eq. 7, online), released (offline flags as in the released code) or off.")]
    public SuperiorCotMode SuperiorCot { get; init; } = SuperiorCotMode.Paper;

    [Description("Advantage estimator: group_norm (GRPO) or dr_grpo.")]
    public AdvantageEstimator AdvantageEstimator { get; init; } = AdvantageEstimator.GroupNorm;

    [Description("Loss aggregation: sequence_mean_token_mean (RAIF), token_mean (DAPO) or dr_grpo.")]
    public LossAggregation LossAggregation { get; init; } = LossAggregation.SequenceMeanTokenMean;

    [Description("Drop groups whose rewards have zero standard deviation (DAPO dynamic sampling, by std not mean).")]
    public bool DynamicSampling { get; init; }

    [Description("Sampling temperature for rollouts.")]
    public double Temperature { get; init; } = 1.0;

    [Description("Top-p for rollouts (1 = off).")]
    public double TopP { get; init; } = 1.0;

    [Description("Top-k for rollouts (0 = off).")]
    public int TopK { get; init; }

    [Description("Prompts longer than this many tokens are cut (from the left, keeping the assistant header).")]
    public int MaxPromptLength { get; init; } = 1024;

    [Description("Rollouts generated together in one batch (0 = all rollouts of a step at once).")]
    public int GenerationBatchSize { get; init; }

    [Description("Most tokens generated per rollout.")]
    public int MaxGenerationLength { get; init; } = 1024;

    [Description("Passes over the RL prompt set.")]
    public int Episodes { get; init; } = 1;

    [Description("Stop after this many training steps (0 = run all episodes).")]
    public int MaxSteps { get; init; }

    [Description("Random seed for data order, sampling and initialisation.")]
    public int Seed { get; init; } = 42;

    [Description("Write a checkpoint every this many steps (0 = only at the end).")]
    public int CheckpointInterval { get; init; } = 50;

    [Description("How many checkpoints to keep (older ones are deleted).")]
    public int CheckpointsKept { get; init; } = 2;

    [Description("CPU threads for libtorch (0 = all cores).")]
    public int Threads { get; init; }

    [Description("Device: cpu or cuda.")]
    public string Device { get; init; } = "cpu";
}
