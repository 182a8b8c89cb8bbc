using System.Text.Json;
using Raif.Verifiers.Python;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary><c>detectable_content:number_placeholders</c>: at least <c>num_placeholders</c> matches of <c>\[.*?\]</c>.</summary>
internal sealed class NumberPlaceholdersChecker(long minimum) : IInstructionChecker
{
    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options) =>
        new NumberPlaceholdersChecker(new InstructionArgs(IfevalIds.NumberPlaceholders, kwargs, "num_placeholders").Int("num_placeholders"));

    public bool Check(string response) => PyFindall.CountPlaceholders(response) >= minimum;
}
