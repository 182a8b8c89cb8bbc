using Raif.Verifiers.Language.Langdetect;

namespace Raif.Data.Seeds;

/// <summary>
/// The language of a seed by the verifiers' port of Python's langdetect (deterministic: seeded per detection).
/// Chinese in either script is "zh", as offline evolution words constraints for it; every other language keeps
/// langdetect's code; a text langdetect cannot place is "unknown".
/// </summary>
public static class SeedLanguage
{
    public const string Unknown = LangdetectLanguageIdentifier.Unknown;

    public static string Identify(string text) => LangdetectLanguageIdentifier.Default.Detect(text) switch
    {
        null => Unknown,
        "zh-cn" or "zh-tw" => Seed.Chinese,
        var code => code,
    };
}
