namespace Raif.Evaluation.Judging;

/// <summary>Progress of a judged benchmark: items finished of the total, and judge calls made so far (not from the log).</summary>
public readonly record struct JudgeProgress(int Done, int Total, int Calls);
