using System.Text;

namespace Raif.Verifiers.Language;

/// <summary>
/// Languages that <c>langdetect</c> reports but Lingua has no model for, recognised by their own script:
/// Kannada (U+0C80–U+0CFF) and Malayalam (U+0D00–U+0D7F) are written in scripts no other langdetect language uses,
/// so langdetect's n-grams for them can only come from those profiles. A text whose letters are mostly in one of the
/// two scripts gets that code. (Nepali shares Devanagari with Hindi and Marathi and has no such rule.)
/// </summary>
internal static class ScriptRules
{
    public static string? Detect(string text)
    {
        int letters = 0, kannada = 0, malayalam = 0;
        foreach (var r in text.EnumerateRunes())
        {
            if (!Rune.IsLetter(r) && Rune.GetUnicodeCategory(r) is not (System.Globalization.UnicodeCategory.NonSpacingMark
                or System.Globalization.UnicodeCategory.SpacingCombiningMark))
                continue;
            letters++;
            if (r.Value is >= 0x0C80 and <= 0x0CFF)
                kannada++;
            else if (r.Value is >= 0x0D00 and <= 0x0D7F)
                malayalam++;
        }
        if (kannada * 2 > letters)
            return "kn";
        if (malayalam * 2 > letters)
            return "ml";
        return null;
    }
}
