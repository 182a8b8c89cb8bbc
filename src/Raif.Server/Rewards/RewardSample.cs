using Raif.Rewards;

namespace Raif.Server.Rewards;

/// <summary>
/// One sample of an OpenRLHF-style reward request: <paramref name="Query"/> = prompt + response,
/// <paramref name="Prompt"/> the prompt when known, <paramref name="Label"/> the RAIF target, <paramref name="Task"/>
/// an explicit task (else inferred from the label).
/// </summary>
public sealed record RewardSample(string Query, string? Prompt, string? Label, string? Task = null);

/// <summary>The reward of one sample, or why it has none.</summary>
public sealed record RewardOutcome(RewardResult? Result, string? Error)
{
    public bool Failed => Error is not null;
}
