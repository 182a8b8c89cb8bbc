using System.Collections.Frozen;

namespace Raif.Verifiers.Language;

/// <summary>The 55 language profiles of Python's <c>langdetect</c> 1.0.9, by the code it reports.</summary>
public static class LangdetectCodes
{
    public static FrozenSet<string> All { get; } = new[]
    {
        "af", "ar", "bg", "bn", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et", "fa", "fi", "fr", "gu", "he",
        "hi", "hr", "hu", "id", "it", "ja", "kn", "ko", "lt", "lv", "mk", "ml", "mr", "ne", "nl", "no", "pa", "pl",
        "pt", "ro", "ru", "sk", "sl", "so", "sq", "sv", "sw", "ta", "te", "th", "tl", "tr", "uk", "ur", "vi",
        "zh-cn", "zh-tw",
    }.ToFrozenSet(StringComparer.Ordinal);
}
