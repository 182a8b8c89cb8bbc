namespace Raif.Verifiers.IfEval;

/// <summary>The instructions of one prompt, validated and compiled by <see cref="IfevalEvaluator.Compile"/>.</summary>
public sealed class IfevalInstructionSet
{
    internal IfevalInstructionSet(IReadOnlyList<string> ids, IInstructionChecker[] checkers)
    {
        Ids = ids;
        Checkers = checkers;
    }

    public IReadOnlyList<string> Ids { get; }

    public int Count => Ids.Count;

    internal IInstructionChecker[] Checkers { get; }
}
