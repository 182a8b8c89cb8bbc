namespace Raif.Data.Checklist;

/// <summary>The sub-instructions and YES/NO scoring questions a model wrote for a seed (the first call of spec §3.3).</summary>
public sealed record EvolvedChecklist(IReadOnlyList<string> SubInstructions, IReadOnlyList<string> ScoringQuestions);
