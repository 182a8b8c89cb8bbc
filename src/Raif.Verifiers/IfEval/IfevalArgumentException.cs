namespace Raif.Verifiers.IfEval;

/// <summary>An instruction that cannot be checked: unknown id, or a missing or ill-typed argument. The message names both.</summary>
public sealed class IfevalArgumentException : ArgumentException
{
    public IfevalArgumentException(string instructionId, string? argument, string problem, Exception? inner = null)
        : base(Describe(instructionId, argument, problem), inner)
    {
        InstructionId = instructionId;
        Argument = argument;
        Problem = problem;
    }

    public string InstructionId { get; }

    /// <summary>The kwargs key at fault, or <c>null</c> when the problem is the instruction id itself.</summary>
    public string? Argument { get; }

    public string Problem { get; }

    private static string Describe(string id, string? argument, string problem) =>
        argument is null ? $"instruction '{id}': {problem}" : $"instruction '{id}': argument '{argument}': {problem}";
}
