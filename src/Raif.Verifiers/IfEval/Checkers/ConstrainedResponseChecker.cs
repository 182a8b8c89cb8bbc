using System.Text.Json;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary><c>detectable_format:constrained_response</c>: contains "My answer is yes.", "My answer is no." or
/// "My answer is maybe." (case-sensitive).</summary>
internal sealed class ConstrainedResponseChecker : IInstructionChecker
{
    private static readonly string[] Options = ["My answer is yes.", "My answer is no.", "My answer is maybe."];

    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options)
    {
        _ = new InstructionArgs(IfevalIds.ConstrainedResponse, kwargs);
        return new ConstrainedResponseChecker();
    }

    public bool Check(string response) => Options.Any(o => response.Contains(o, StringComparison.Ordinal));
}
