using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Raif.Evaluation.Numerics;

/// <summary>
/// Python's <c>float(str)</c>: surrounding whitespace stripped, any Unicode decimal digit accepted, underscores
/// only between digits, <c>inf</c>/<c>infinity</c>/<c>nan</c> in any case. Judge-reply parsers call <c>float()</c>
/// on free text, so what it accepts (" 1\n", "1.0", "１") decides which replies parse.
/// </summary>
public static partial class PythonFloat
{
    public static bool TryParse(string text, out double value)
    {
        value = 0;
        string trimmed = text.Trim(WhiteSpace);
        if (trimmed.Length == 0)
            return false;
        var ascii = new StringBuilder(trimmed.Length);
        for (int i = 0; i < trimmed.Length; i++)
        {
            char c = trimmed[i];
            int digit = CharUnicodeInfo.GetDecimalDigitValue(c);
            if (digit >= 0)
            {
                ascii.Append((char)('0' + digit));
            }
            else if (c == '_')
            {
                bool between = i > 0 && i + 1 < trimmed.Length
                    && CharUnicodeInfo.GetDecimalDigitValue(trimmed[i - 1]) >= 0
                    && CharUnicodeInfo.GetDecimalDigitValue(trimmed[i + 1]) >= 0;
                if (!between)
                    return false;
            }
            else if (c > 0x7F)
            {
                return false;
            }
            else
            {
                ascii.Append(c);
            }
        }
        string s = ascii.ToString();
        if (Number().IsMatch(s))
            return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        var special = Special().Match(s);
        if (!special.Success)
            return false;
        bool negative = special.Groups[1].Value == "-";
        value = special.Groups[2].Value.Equals("nan", StringComparison.OrdinalIgnoreCase) ? double.NaN
            : negative ? double.NegativeInfinity : double.PositiveInfinity;
        return true;
    }

    /// <summary>Python's <c>str.strip()</c> with no argument.</summary>
    public static string Strip(string text) => text.Trim(WhiteSpace);

    // Python's str.strip()/isspace set: Unicode white space plus the ASCII separators 0x1C-0x1F.
    private static readonly char[] WhiteSpace = [.. Enumerable.Range(0, 0x3001).Select(i => (char)i).Where(c => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f')];

    [GeneratedRegex(@"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    [GeneratedRegex(@"^([+-]?)(inf|infinity|nan)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Special();
}
