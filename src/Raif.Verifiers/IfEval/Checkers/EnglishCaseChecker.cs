using System.Text.Json;
using Raif.Core.Text;
using Raif.Verifiers.Language;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary>
/// <c>change_case:english_capital</c> / <c>change_case:english_lowercase</c>: the whole response is
/// <c>isupper()</c> (resp. <c>islower()</c>) and its detected language is English. The detector is asked only when
/// the case test passes; when it cannot decide, the instruction counts as followed, as in the original.
/// </summary>
internal sealed class EnglishCaseChecker(bool upper, ILanguageIdentifier identifier) : IInstructionChecker
{
    public static IInstructionChecker CreateCapital(JsonElement kwargs, IfevalOptions options)
    {
        _ = new InstructionArgs(IfevalIds.EnglishCapital, kwargs);
        return new EnglishCaseChecker(upper: true, options.Languages);
    }

    public static IInstructionChecker CreateLowercase(JsonElement kwargs, IfevalOptions options)
    {
        _ = new InstructionArgs(IfevalIds.EnglishLowercase, kwargs);
        return new EnglishCaseChecker(upper: false, options.Languages);
    }

    public bool Check(string response)
    {
        if (!(upper ? PyStr.IsUpper(response) : PyStr.IsLower(response)))
            return false;
        return identifier.Detect(response) is not { } detected || detected == "en";
    }
}
