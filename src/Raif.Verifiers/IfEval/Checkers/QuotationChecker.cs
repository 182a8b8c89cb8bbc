using System.Text.Json;
using Raif.Core.Text;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary><c>startend:quotation</c>: the stripped response is longer than one character and starts and ends
/// with a double quote.</summary>
internal sealed class QuotationChecker : IInstructionChecker
{
    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options)
    {
        _ = new InstructionArgs(IfevalIds.Quotation, kwargs);
        return new QuotationChecker();
    }

    public bool Check(string response)
    {
        string value = PyStr.Strip(response);
        return value.Length > 1 && value[0] == '"' && value[^1] == '"';
    }
}
