using Raif.Core.Templates;
using Raif.Verifiers.IfEval;

namespace Raif.Data.Evolution;

/// <summary>Options of code-verifiable (rule) evolution.</summary>
public sealed record EvolveOptions
{
    /// <summary>Distinct records to produce.</summary>
    public int Count { get; init; } = 1000;

    /// <summary>Seed of every random choice: the same seed gives byte-identical output.</summary>
    public long RandomSeed { get; init; } = 1;

    /// <summary>Fewest and most constraints per record (the paper's English data averages about 4).</summary>
    public int MinConstraints { get; init; } = 1;

    public int MaxConstraints { get; init; } = 4;

    /// <summary>Chat template the <c>input</c> is rendered with (spec §5.2).</summary>
    public ChatTemplate Template { get; init; } = ChatTemplates.Qwen;

    /// <summary>Put the CoT trigger (spec §5.1) in the system turn.</summary>
    public bool CotTrigger { get; init; } = true;

    /// <summary>Which checker semantics the records target; RAIF's allows response_language zh-cn for Chinese seeds.</summary>
    public IfevalVariant Variant { get; init; } = IfevalVariant.Official;

    /// <summary>Also use RAIF's detectable_format:xml_format.</summary>
    public bool IncludeXml { get; init; }

    /// <summary>Share of And, Chain and Selection compositions (normalised).</summary>
    public double AndWeight { get; init; } = 0.5;

    public double ChainWeight { get; init; } = 0.25;

    public double SelectionWeight { get; init; } = 0.25;

    /// <summary>The routing tag written in <c>task</c>.</summary>
    public string Task { get; init; } = "ifeval";

    internal void Validate()
    {
        if (Count < 1)
            throw new ArgumentException($"count must be at least 1, found {Count}");
        if (MinConstraints < 1 || MaxConstraints < MinConstraints || MaxConstraints > 8)
            throw new ArgumentException($"constraints per record must satisfy 1 <= min <= max <= 8, found {MinConstraints}..{MaxConstraints}");
        if (AndWeight < 0 || ChainWeight < 0 || SelectionWeight < 0 || AndWeight + ChainWeight + SelectionWeight <= 0)
            throw new ArgumentException("composition weights must be non-negative and not all zero");
        if (!Task.StartsWith("ifeval", StringComparison.Ordinal))
            throw new ArgumentException($"task must start with 'ifeval' to be routed to the IFEval verifiers, found '{Task}'");
    }
}
