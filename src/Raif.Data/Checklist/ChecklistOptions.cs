using Raif.Core.Templates;
using Raif.Data.Models;
using Raif.Data.Stages;

namespace Raif.Data.Checklist;

/// <summary>Options of checklist evolution (<c>raif data evolve-checklist</c>).</summary>
public sealed record ChecklistOptions
{
    /// <summary>Field of an input line that holds the seed instruction.</summary>
    public string Field { get; init; } = "text";

    /// <summary>One-shot examples; a seed uses one in its own language when there is one, else any.</summary>
    public IReadOnlyList<ChecklistExample> Examples { get; init; } = ChecklistExample.Builtin;

    /// <summary>Seed of the example choice: the same seed and a greedy model give the same records.</summary>
    public long RandomSeed { get; init; } = 1;

    public ChatTemplate Template { get; init; } = ChatTemplates.Qwen;

    /// <summary>Put the CoT trigger (spec §5.1) in the system turn.</summary>
    public bool CotTrigger { get; init; } = true;

    /// <summary>The routing tag written in <c>task</c>.</summary>
    public string Task { get; init; } = "complex";

    public ModelCallOptions Call { get; init; } = new();

    public StageOptions Stage { get; init; } = new();

    internal void Validate()
    {
        Call.Validate();
        if (Examples.Count == 0)
            throw new ArgumentException("checklist evolution needs at least one one-shot example");
        if (!Task.StartsWith("complex", StringComparison.Ordinal))
            throw new ArgumentException($"task must start with 'complex' to be routed to the LLM judge, found '{Task}'");
    }
}
