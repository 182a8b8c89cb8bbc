namespace Raif.Evaluation.Run;

/// <summary>The paper's prompting modes (spec §9.3).</summary>
public enum PromptingMode
{
    /// <summary>The plain request (x_CoT = ∅).</summary>
    Io,

    /// <summary>The CoT-trigger system message; the answer is the <c>&lt;answer&gt;</c> block.</summary>
    Cot,

    /// <summary>Self-DeepClaude: the model's own CoT reasoning, handed back to it with the request for a direct answer.</summary>
    Sdc,

    /// <summary>For reasoning models: the empty reasoning <c>&lt;think&gt;\n\n&lt;/think&gt;\n</c> pre-filled.</summary>
    NoCot,
}

public static class PromptingModes
{
    public static IReadOnlyList<string> Names { get; } = ["io", "cot", "sdc", "nocot"];

    public static PromptingMode Parse(string name) => name.ToLowerInvariant() switch
    {
        "io" => PromptingMode.Io,
        "cot" => PromptingMode.Cot,
        "sdc" => PromptingMode.Sdc,
        "nocot" => PromptingMode.NoCot,
        _ => throw new ArgumentException($"--mode: unknown prompting mode '{name}' (expected one of {string.Join(", ", Names)})"),
    };

    public static string Name(this PromptingMode mode) => Names[(int)mode];
}
