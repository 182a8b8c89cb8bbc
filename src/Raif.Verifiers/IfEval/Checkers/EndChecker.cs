using System.Text.Json;
using Raif.Core.Text;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary><c>startend:end_checker</c>: the response, stripped, with surrounding double quotes stripped and
/// lower-cased, ends with the stripped, lower-cased <c>end_phrase</c>.</summary>
internal sealed class EndChecker(string phrase) : IInstructionChecker
{
    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options)
    {
        var args = new InstructionArgs(IfevalIds.EndChecker, kwargs, "end_phrase");
        return new EndChecker(PyStr.Lower(PyStr.Strip(args.String("end_phrase"))));
    }

    public bool Check(string response) =>
        PyStr.Lower(PyStr.Strip(PyStr.Strip(response), "\"")).EndsWith(phrase, StringComparison.Ordinal);
}
