namespace Raif.Evaluation.Run;

/// <summary>
/// Where self-DeepClaude's first step (the reasoning, spec §9.3) is kept as soon as it arrives, so that a run
/// interrupted before the second step does not ask for the first one again.
/// </summary>
public interface ISdcFirstSteps
{
    bool TryGetReasoning(string id, out string reasoning);

    void AddReasoning(string id, string reasoning);
}
