using Lingua;
using static Lingua.Language;

namespace Raif.Verifiers.Language;

/// <summary>
/// Language identification with Lingua (SearchPioneer.Lingua, deterministic) restricted to the languages that
/// Python's <c>langdetect</c> knows, reported with langdetect's codes: Norwegian Bokmål and Nynorsk are "no",
/// Chinese is "zh-cn" or "zh-tw" (<see cref="ChineseVariant"/>), Kannada and Malayalam come from
/// <see cref="ScriptRules"/> because Lingua has no model for them. Nepali cannot be reported (see README).
/// Lingua returns <c>Unknown</c> for a text without letters, where langdetect raises; that is <c>null</c> here.
/// </summary>
public sealed class LinguaLanguageIdentifier : ILanguageIdentifier
{
    private static readonly Lazy<LinguaLanguageIdentifier> LazyDefault = new(() => new LinguaLanguageIdentifier());

    /// <summary>One shared detector (its models load lazily, once, and are shared across threads).</summary>
    public static LinguaLanguageIdentifier Default => LazyDefault.Value;

    // langdetect's profiles that Lingua also models.
    private static readonly Lingua.Language[] Languages =
    [
        Afrikaans, Arabic, Bulgarian, Bengali, Catalan, Czech, Welsh, Danish, German, Greek, English, Spanish, Estonian,
        Persian, Finnish, French, Gujarati, Hebrew, Hindi, Croatian, Hungarian, Indonesian, Italian, Japanese, Korean,
        Lithuanian, Latvian, Macedonian, Marathi, Dutch, Bokmal, Nynorsk, Punjabi, Polish, Portuguese, Romanian,
        Russian, Slovak, Slovene, Somali, Albanian, Swedish, Swahili, Tamil, Telugu, Thai, Tagalog, Turkish,
        Ukrainian, Urdu, Vietnamese, Chinese,
    ];

    private readonly LanguageDetector _detector = LanguageDetectorBuilder.FromLanguages(Languages).Build();

    public string? Detect(string text)
    {
        if (ScriptRules.Detect(text) is { } byScript)
            return byScript;
        var language = _detector.DetectLanguageOf(text);
        return language switch
        {
            Unknown => null,
            Bokmal or Nynorsk => "no",
            Chinese => ChineseVariant.Of(text),
            _ => language.IsoCode6391().ToString().ToLowerInvariant(),
        };
    }
}
