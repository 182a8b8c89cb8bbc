using System.Globalization;
using System.Text;

namespace Raif.Core.Text;

/// <summary>
/// Per-character Unicode properties as CPython 3.11 (Unicode 14) defines them, for code points (<see cref="Rune"/>),
/// not UTF-16 units: Python indexes strings by code point, so a letter outside the BMP is one character to it.
/// .NET's own predicates differ in places (its regex <c>\w</c> includes combining marks and excludes letter-like
/// numbers; its invariant casing leaves U+0130/U+0131 alone), which is why these exist.
/// </summary>
public static class PyUnicode
{
    /// <summary>
    /// The code point starting at <paramref name="index"/>; a lone surrogate (which Python strings may hold) reads as
    /// U+FFFD, which like a lone surrogate is neither a word character nor cased. Never throws, unlike <see cref="Rune.GetRuneAt"/>.
    /// </summary>
    public static Rune RuneAt(string s, int index)
    {
        Rune.DecodeFromUtf16(s.AsSpan(index), out var rune, out _);
        return rune;
    }

    /// <summary>UTF-16 length of the code point at <paramref name="index"/> (1 for a lone surrogate).</summary>
    public static int LengthAt(string s, int index) =>
        char.IsHighSurrogate(s[index]) && index + 1 < s.Length && char.IsLowSurrogate(s[index + 1]) ? 2 : 1;

    /// <summary>Python <c>re</c>'s <c>\w</c> for <c>str</c> patterns (= <c>ch.isalnum() or ch == '_'</c>):
    /// every letter (L*) and every number (N*) plus the underscore. Combining marks (Mn, Mc) are not word characters.</summary>
    public static bool IsWordChar(Rune r)
    {
        if (r.Value == '_')
            return true;
        return Rune.GetUnicodeCategory(r) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
            _ => false,
        };
    }

    /// <summary>Python <c>re</c>'s <c>\d</c> for <c>str</c> patterns (= <c>str.isdecimal()</c>): category Nd.</summary>
    public static bool IsDecimal(Rune r) => Rune.GetUnicodeCategory(r) == UnicodeCategory.DecimalDigitNumber;

    /// <summary>Python's <c>str.isspace()</c> (and <c>re</c>'s <c>\s</c>); no whitespace lies outside the BMP.</summary>
    public static bool IsSpace(Rune r) => r.IsBmp && PyStr.IsSpace((char)r.Value);

    /// <summary>The Unicode <c>Uppercase</c> property (what <c>"X".isupper()</c> tests): Lu plus Other_Uppercase.</summary>
    public static bool IsUppercase(Rune r) =>
        Rune.GetUnicodeCategory(r) == UnicodeCategory.UppercaseLetter || InRanges(r.Value, OtherUppercase);

    /// <summary>The Unicode <c>Lowercase</c> property (what <c>"x".islower()</c> tests): Ll plus Other_Lowercase.</summary>
    public static bool IsLowercase(Rune r) =>
        Rune.GetUnicodeCategory(r) == UnicodeCategory.LowercaseLetter || InRanges(r.Value, OtherLowercase);

    /// <summary>Titlecase letters (Lt), which make <c>isupper()</c> and <c>islower()</c> false.</summary>
    public static bool IsTitlecase(Rune r) => Rune.GetUnicodeCategory(r) == UnicodeCategory.TitlecaseLetter;

    /// <summary>The Unicode <c>Cased</c> property: Uppercase, Lowercase or Lt.</summary>
    public static bool IsCased(Rune r) => IsUppercase(r) || IsLowercase(r) || IsTitlecase(r);

    /// <summary>The Unicode <c>Case_Ignorable</c> property (Mn, Me, Cf, Lm, Sk, and the word-break MidLetter,
    /// MidNumLet and Single_Quote characters), used by the final-sigma rule of <c>str.lower()</c>.</summary>
    public static bool IsCaseIgnorable(Rune r)
    {
        switch (Rune.GetUnicodeCategory(r))
        {
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.EnclosingMark:
            case UnicodeCategory.Format:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.ModifierSymbol:
                return true;
        }
        return r.Value is '\'' or '.' or ':' or '\u00b7' or '\u0387' or '\u055f' or '\u05f4' or '\u2018' or '\u2019'
            or '\u2024' or '\u2027' or '\ufe13' or '\ufe52' or '\ufe55' or '\uff07' or '\uff0e' or '\uff1a';
    }

    /// <summary>The simple (one-to-one) lowercase mapping CPython uses in <c>re</c> and per character.
    /// .NET's invariant mapping agrees on every code point except U+0130, which it leaves unchanged.</summary>
    public static Rune SimpleLower(Rune r) => r.Value == 0x130 ? new Rune('i') : Rune.ToLowerInvariant(r);

    /// <summary>The simple uppercase mapping; .NET's invariant mapping leaves U+0131 (dotless i) unchanged, Python maps it to I.</summary>
    public static Rune SimpleUpper(Rune r) => r.Value == 0x131 ? new Rune('I') : Rune.ToUpperInvariant(r);

    // Derived from CPython 3.11's unicodedata (Unicode 14): code points whose isupper()/islower() is true although
    // their category is not Lu/Ll (the Other_Uppercase / Other_Lowercase properties). Inclusive ranges.
    private static readonly (int From, int To)[] OtherUppercase =
    [
        (0x2160, 0x216F), (0x24B6, 0x24CF), (0x1F130, 0x1F149), (0x1F150, 0x1F169), (0x1F170, 0x1F189),
    ];

    private static readonly (int From, int To)[] OtherLowercase =
    [
        (0xAA, 0xAA), (0xBA, 0xBA), (0x2B0, 0x2B8), (0x2C0, 0x2C1), (0x2E0, 0x2E4), (0x345, 0x345), (0x37A, 0x37A),
        (0x1D2C, 0x1D6A), (0x1D78, 0x1D78), (0x1D9B, 0x1DBF), (0x2071, 0x2071), (0x207F, 0x207F), (0x2090, 0x209C),
        (0x2170, 0x217F), (0x24D0, 0x24E9), (0x2C7C, 0x2C7D), (0xA69C, 0xA69D), (0xA770, 0xA770), (0xA7F8, 0xA7F9),
        (0xAB5C, 0xAB5F), (0x10780, 0x10780), (0x10783, 0x10785), (0x10787, 0x107B0), (0x107B2, 0x107BA),
    ];

    private static bool InRanges(int value, (int From, int To)[] ranges)
    {
        foreach (var (from, to) in ranges)
        {
            if (value < from)
                return false;
            if (value <= to)
                return true;
        }
        return false;
    }
}
