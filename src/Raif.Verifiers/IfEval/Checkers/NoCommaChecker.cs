using System.Text.Json;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary><c>punctuation:no_comma</c>: no ASCII comma.</summary>
internal sealed class NoCommaChecker : IInstructionChecker
{
    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options)
    {
        _ = new InstructionArgs(IfevalIds.NoComma, kwargs);
        return new NoCommaChecker();
    }

    public bool Check(string response) => !response.Contains(',');
}
