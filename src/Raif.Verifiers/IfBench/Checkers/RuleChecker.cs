using Raif.Verifiers.IfEval;

namespace Raif.Verifiers.IfBench.Checkers;

/// <summary>An IFBench instruction as a rule over the response, its arguments already bound.</summary>
internal sealed class RuleChecker(Func<string, bool> rule) : IInstructionChecker
{
    public bool Check(string response) => rule(response);
}
