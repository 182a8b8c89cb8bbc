using System.Collections.Frozen;
using System.Text.Json;
using Raif.Verifiers.Language;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary>
/// <c>language:response_language</c>: the detected language is the requested one; when the detector cannot decide
/// (langdetect raises, e.g. on a text without letters) the instruction counts as followed, as in the original.
/// The code must be one of IFEval's 30 (the official code looks it up in that table); RAIF adds zh-cn and zh-tw.
/// </summary>
internal sealed class ResponseLanguageChecker(string language, ILanguageIdentifier identifier) : IInstructionChecker
{
    /// <summary>IFEval's <c>instructions_util.LANGUAGE_CODES</c>.</summary>
    internal static readonly FrozenSet<string> IfevalLanguages = new[]
    {
        "en", "es", "pt", "ar", "hi", "fr", "ru", "de", "ja", "it", "bn", "uk", "th", "ur", "ta", "te", "bg", "ko", "pl",
        "he", "fa", "vi", "ne", "sw", "kn", "mr", "gu", "pa", "ml", "fi",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options)
    {
        var args = new InstructionArgs(IfevalIds.ResponseLanguage, kwargs, "language");
        string language = args.String("language");
        bool known = IfevalLanguages.Contains(language) ||
                     (options.Variant == IfevalVariant.Raif && language is "zh-cn" or "zh-tw");
        if (!known)
            throw args.Error("language", $"unsupported language code \"{language}\"");
        return new ResponseLanguageChecker(language, options.Languages);
    }

    public bool Check(string response) => identifier.Detect(response) is not { } detected || detected == language;
}
