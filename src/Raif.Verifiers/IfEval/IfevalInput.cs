using System.Text.Json;

namespace Raif.Verifiers.IfEval;

/// <summary>One line of IFEval's <c>input_data.jsonl</c>, with where it came from (for error messages).</summary>
public sealed record IfevalInput(
    string Key,
    string Prompt,
    IReadOnlyList<string> InstructionIds,
    IReadOnlyList<JsonElement> Kwargs,
    string Source = "",
    long Line = 0);
