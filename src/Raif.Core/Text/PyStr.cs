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
}
