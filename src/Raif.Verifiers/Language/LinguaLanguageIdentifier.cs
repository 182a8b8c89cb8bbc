using Lingua;
using static Lingua.Language;

namespace Raif.Verifiers.Language;

/// <summary>
/// Language identification with Lingua (SearchPioneer.Lingua, deterministic) restricted to the languages that
/// Python's <c>langdetect</c> knows, reported with langdetect's codes: Norwegian Bokmål and Nynorsk are "no",
/// Chinese is "zh-cn" or "zh-tw" (<see cref="ChineseVariant"/>), Kannada and Malayalam come from
/// <see cref="ScriptRules"/> because Lingua has no model for them. Nepali cannot be reported (see README).
/// Lingua returns <c>Unknown</c> for a text without letters, where langdetect raises; that is <c>null</c> here.
/// A text longer than <see cref="ExcerptLength"/> characters is judged on evenly spaced excerpts of that total length
/// (see <see cref="Excerpt"/>): langdetect itself decides from a random sample of the text's n-grams, Lingua's cost
/// grows with the length, and on IFEval's GPT-4 responses the 573 detections the checkers make agree with langdetect
/// exactly as often as with the whole text (533 of 573, docs/verifiers.md).
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
        var language = _detector.DetectLanguageOf(Excerpt(text));
        return language switch
        {
            Unknown => null,
            Bokmal or Nynorsk => "no",
            Chinese => ChineseVariant.Of(text),
            _ => language.IsoCode6391().ToString().ToLowerInvariant(),
        };
    }

    /// <summary>Longest text given to Lingua whole.</summary>
    public const int ExcerptLength = 1000;

    private const int Windows = 8;
    private const int WindowLength = ExcerptLength / Windows;
    private const int WordSlack = 20;

    /// <summary>
    /// The text itself when it is at most <see cref="ExcerptLength"/> characters; otherwise 8 windows of 125
    /// characters spread evenly from its start to its end, each widened by up to 20 characters to whole words, joined
    /// by newlines. Deterministic, and every part of a long text is represented in proportion.
    /// </summary>
    internal static string Excerpt(string text)
    {
        if (text.Length <= ExcerptLength)
            return text;
        var sb = new System.Text.StringBuilder(ExcerptLength + 2 * Windows * WordSlack);
        for (int k = 0; k < Windows; k++)
        {
            int start = (int)((long)(text.Length - WindowLength) * k / (Windows - 1));
            int from = start, to = start + WindowLength;
            while (from > 0 && start - from < WordSlack && !char.IsWhiteSpace(text[from - 1]))
                from--;
            while (to < text.Length && to - start - WindowLength < WordSlack && !char.IsWhiteSpace(text[to]))
                to++;
            if (char.IsLowSurrogate(text[from]))
                from++;
            if (to < text.Length && char.IsLowSurrogate(text[to]))
                to++;
            sb.Append(text, from, to - from).Append('\n');
        }
        return sb.ToString();
    }
}
