using Raif.Training.Evaluation;

namespace Raif.Training.Tiny;

/// <summary>Held-out accuracies of one model with reasoning (CoT prompt) and without (no-CoT variant).</summary>
public sealed record TinyAccuracy(double PromptStrict, double InstructionStrict, double FormatValid, double NoCotPromptStrict, double NoCotInstructionStrict)
{
    public static TinyAccuracy From(AccuracyReport cot, AccuracyReport noCot) =>
        new(cot.PromptStrict, cot.InstructionStrict, cot.FormatValid, noCot.PromptStrict, noCot.InstructionStrict);
}

/// <summary>One trained arm (the main run or an ablation arm).</summary>
public sealed record TinyArm(string Name, bool SuperiorCot, bool BehaviourCloning, TinyAccuracy After, double TrainSeconds, string OutputDir);

/// <summary>What <c>report.json</c> holds.</summary>
public sealed record TinyReport
{
    public double WallSeconds { get; init; }
    public int Seed { get; init; }
    public int HeldOutPrompts { get; init; }
    public int TrainingPrompts { get; init; }
    public long Parameters { get; init; }
    public double PretrainSeconds { get; init; }
    public double RlSeconds { get; init; }
    public int RlSteps { get; init; }
    public required TinyAccuracy Before { get; init; }
    public required TinyAccuracy After { get; init; }
    public IReadOnlyList<TinyArm> Arms { get; init; } = [];
}
