using System.Text;

namespace Raif.Core.Text;

/// <summary>
/// Python <c>str</c> semantics that decide verdicts and rewards. .NET's <see cref="string.Trim()"/> and Python's
/// <c>str.strip()</c> disagree on a few characters (U+001C–U+001F are whitespace in Python, not in .NET), and
/// <c>strip(chars)</c> removes a character set, not a prefix; these helpers make the Python behaviour explicit.
/// </summary>
public static class PyStr
{
    /// <summary>Python's <c>str.isspace()</c> for one character (Unicode White_Space plus bidi B/S/WS).</summary>
    public static bool IsSpace(char c) => c switch
    {
        >= '\t' and <= '\r' => true,
        >= '\u001c' and <= '\u001f' => true,
        ' ' or '\u0085' or '\u00a0' or '\u1680' or '\u2028' or '\u2029' or '\u202f' or '\u205f' or '\u3000' => true,
        >= '\u2000' and <= '\u200a' => true,
        _ => false,
    };

    /// <summary><c>s.strip()</c>.</summary>
    public static string Strip(string s) => RStrip(LStrip(s));

    /// <summary><c>s.lstrip()</c>.</summary>
    public static string LStrip(string s)
    {
        int i = 0;
        while (i < s.Length && IsSpace(s[i])) i++;
        return i == 0 ? s : s[i..];
    }

    /// <summary><c>s.rstrip()</c>.</summary>
    public static string RStrip(string s)
    {
        int j = s.Length;
        while (j > 0 && IsSpace(s[j - 1])) j--;
        return j == s.Length ? s : s[..j];
    }

    /// <summary><c>s.strip(chars)</c>: removes any of <paramref name="chars"/> from both ends.</summary>
    public static string Strip(string s, string chars) => RStrip(LStrip(s, chars), chars);

    /// <summary><c>s.lstrip(chars)</c>: removes any of <paramref name="chars"/> from the start (a set, not a prefix).</summary>
    public static string LStrip(string s, string chars)
    {
        int i = 0;
        while (i < s.Length && chars.Contains(s[i])) i++;
        return i == 0 ? s : s[i..];
    }

    /// <summary><c>s.rstrip(chars)</c>: removes any of <paramref name="chars"/> from the end (a set, not a suffix).</summary>
    public static string RStrip(string s, string chars)
    {
        int j = s.Length;
        while (j > 0 && chars.Contains(s[j - 1])) j--;
        return j == s.Length ? s : s[..j];
    }

    /// <summary><c>s.split()</c> with no argument: runs of Python whitespace separate the parts, and empty parts are dropped.</summary>
    public static List<string> Split(string s)
    {
        var parts = new List<string>();
        int i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && IsSpace(s[i]))
                i++;
            int start = i;
            while (i < s.Length && !IsSpace(s[i]))
                i++;
            if (i > start)
                parts.Add(s[start..i]);
        }
        return parts;
    }

    /// <summary>
    /// <c>s.lower()</c>: the full Unicode lowercase mapping, i.e. the simple mapping except that U+0130 becomes
    /// "i\u0307" and a capital sigma at the end of a word becomes the final form ς (CPython's Final_Sigma rule).
    /// </summary>
    public static string Lower(string s)
    {
        if (IsAsciiWithoutUpper(s))
            return s;
        if (System.Text.Ascii.IsValid(s))
            return s.ToLowerInvariant(); // ASCII: Python's and .NET's mappings agree
        var sb = new StringBuilder(s.Length);
        int i = 0;
        while (i < s.Length)
        {
            int len = PyUnicode.LengthAt(s, i);
            if (len == 1 && char.IsSurrogate(s[i]))
                sb.Append(s[i]); // a lone surrogate has no case
            else
            {
                var r = PyUnicode.RuneAt(s, i);
                if (r.Value == 0x130)
                    sb.Append("i\u0307");
                else if (r.Value == 0x3A3)
                    sb.Append(IsFinalSigma(s, i) ? '\u03c2' : '\u03c3');
                else
                    sb.Append(PyUnicode.SimpleLower(r).ToString());
            }
            i += len;
        }
        return sb.ToString();
    }

    /// <summary><c>s.isupper()</c>: at least one cased character, and no lowercase or titlecase character.</summary>
    public static bool IsUpper(string s) => HasOnlyCase(s, upper: true);

    /// <summary><c>s.isupper()</c> on a slice (no string needed).</summary>
    public static bool IsUpper(ReadOnlySpan<char> s) => HasOnlyCase(s, upper: true);

    /// <summary><c>s.islower()</c>: at least one cased character, and no uppercase or titlecase character.</summary>
    public static bool IsLower(string s) => HasOnlyCase(s, upper: false);

    private static bool HasOnlyCase(ReadOnlySpan<char> s, bool upper)
    {
        if (System.Text.Ascii.IsValid(s))
            return HasOnlyCaseAscii(s, upper);
        bool cased = false;
        foreach (var r in s.EnumerateRunes())
        {
            bool isUpper = PyUnicode.IsUppercase(r), isLower = PyUnicode.IsLowercase(r);
            if ((upper ? isLower : isUpper) || PyUnicode.IsTitlecase(r))
                return false;
            cased |= upper ? isUpper : isLower;
        }
        return cased;
    }

    private static bool HasOnlyCaseAscii(ReadOnlySpan<char> s, bool upper)
    {
        bool cased = false;
        foreach (char c in s)
        {
            bool isUpper = c is >= 'A' and <= 'Z', isLower = c is >= 'a' and <= 'z';
            if (upper ? isLower : isUpper)
                return false;
            cased |= upper ? isUpper : isLower;
        }
        return cased;
    }

    // \p{cased} \p{case-ignorable}* U+03A3 !( \p{case-ignorable}* \p{cased} ), as CPython's handle_capital_sigma.
    private static bool IsFinalSigma(string s, int index)
    {
        int j = index;
        bool casedBefore = false;
        while (j > 0)
        {
            Rune.DecodeLastFromUtf16(s.AsSpan(0, j), out var prev, out int len);
            j -= len;
            if (!PyUnicode.IsCaseIgnorable(prev))
            {
                casedBefore = PyUnicode.IsCased(prev);
                break;
            }
        }
        if (!casedBefore)
            return false;
        j = index + 1;
        while (j < s.Length)
        {
            var next = PyUnicode.RuneAt(s, j);
            if (!PyUnicode.IsCaseIgnorable(next))
                return !PyUnicode.IsCased(next);
            j += PyUnicode.LengthAt(s, j);
        }
        return true;
    }

    private static bool IsAsciiWithoutUpper(string s)
    {
        foreach (char c in s)
        {
            if (c > 0x7f || c is >= 'A' and <= 'Z')
                return false;
        }
        return true;
    }
}
