using Raif.Training.Metrics;

namespace Raif.Training;

/// <summary>Progress of a run, reported after each phase of each step.</summary>
public readonly record struct TrainingProgress(int Step, int TotalSteps, string Phase, StepMetrics? Metrics = null);

/// <summary>What a finished (or stopped) run did.</summary>
public sealed record TrainingSummary(int StepsRun, int LastStep, double WallSeconds, StepMetrics? LastMetrics, string? LastCheckpoint);
