using System.Text;
using System.Text.RegularExpressions;
using Raif.Core.Text;

namespace Raif.Rewards.Maths;

/// <summary>
/// Puts a maths answer into a canonical textual form before comparison, following the semantics of the
/// Qwen-Math evaluation toolkit's <c>strip_string</c> that RAIF uses (spec §6.6): LaTeX spacing, <c>\left</c>/<c>\right</c>,
/// <c>\dfrac</c>/<c>\tfrac</c>, trailing units, dollar signs, degrees, percent signs, <c>\text{…}</c>, leading
/// <c>x=</c>, trailing <c>.0</c> and short fractions such as <c>\frac12</c> or <c>3/4</c>.
/// Deliberate differences (each a fix of a reference quirk that can turn a wrong answer into a right one or the
/// reverse): unit words are removed only from a short list of multi-letter units (the reference also strips
/// single letters such as <c>a</c>, <c>m</c> or <c>s</c> wherever they stand alone, mangling variables, and
/// strips <c>sec</c>/<c>min</c>, mangling <c>\sec</c>/<c>\min</c>); <c>and</c> is removed only as a whole word
/// (the reference removes the letters everywhere, e.g. in <c>random</c>); number words become digits only when the
/// whole answer is a number phrase (the reference turns any text containing a number word into that number); the
/// LaTeX spacing commands <c>\,</c> <c>\;</c> <c>\:</c> and <c>\ </c> are removed like <c>\!</c>.
/// </summary>
public static partial class MathsAnswerNormalizer
{
    private const int RegexTimeoutMs = 1_000;

    /// <summary>Normalises an answer string; the result has no spaces.</summary>
    public static string Normalize(string answer)
    {
        string s = PyStr.Strip(answer);
        s = s.Replace("\n", "", StringComparison.Ordinal);
        s = PyStr.RStrip(s, ".");
        foreach (var spacing in new[] { "\\!", "\\,", "\\;", "\\:", "\\ " })
            s = s.Replace(spacing, "", StringComparison.Ordinal);

        // Matrices: arrays and bmatrix are written as pmatrix.
        s = ArrayBegin().Replace(s, "\\begin{pmatrix}");
        s = s.Replace("\\end{array}", "\\end{pmatrix}", StringComparison.Ordinal);
        s = s.Replace("bmatrix", "pmatrix", StringComparison.Ordinal);

        s = s.Replace("tfrac", "frac", StringComparison.Ordinal).Replace("dfrac", "frac", StringComparison.Ordinal);
        s = s.Replace("\\neq", "\\ne", StringComparison.Ordinal)
             .Replace("\\leq", "\\le", StringComparison.Ordinal)
             .Replace("\\geq", "\\ge", StringComparison.Ordinal);
        s = s.Replace("\\left", "", StringComparison.Ordinal).Replace("\\right", "", StringComparison.Ordinal);
        s = s.Replace("\\{", "{", StringComparison.Ordinal).Replace("\\}", "}", StringComparison.Ordinal);

        // A trailing \text{…} is a unit ("5\text{ cm}") unless it is all there is.
        string withoutUnit = PyStr.Strip(TrailingText().Replace(s, ""));
        if (withoutUnit.Length > 0 && withoutUnit != s)
            s = withoutUnit;
        s = RemoveUnitWords(s);

        s = s.Replace("^{\\circ}", "", StringComparison.Ordinal).Replace("^\\circ", "", StringComparison.Ordinal);
        s = s.Replace("\\$", "", StringComparison.Ordinal).Replace("$", "", StringComparison.Ordinal);
        s = s.Replace("\\(", "", StringComparison.Ordinal).Replace("\\)", "", StringComparison.Ordinal);
        s = NumberWords.TryConvert(s) ?? s;

        s = TextCommand().Replace(s, "$1");
        foreach (var prefix in new[] { "x=", "y=", "z=", "x\\in", "y\\in", "z\\in", "x\\to", "y\\to", "z\\to" })
            s = s.Replace(prefix, "", StringComparison.Ordinal);
        s = s.Replace("\\emptyset", "{}", StringComparison.Ordinal);
        s = s.Replace("(-\\infty,\\infty)", "\\mathbb{R}", StringComparison.Ordinal);

        s = s.Replace("\\%", "", StringComparison.Ordinal).Replace("%", "", StringComparison.Ordinal);
        s = s.Replace(" .", " 0.", StringComparison.Ordinal).Replace("{.", "{0.", StringComparison.Ordinal);

        s = s.Replace("infinity", "\\infty", StringComparison.Ordinal);
        if (!s.Contains("\\infty", StringComparison.Ordinal))
            s = s.Replace("inf", "\\infty", StringComparison.Ordinal);

        s = AndWord().Replace(s, "");
        s = s.Replace("\\mathbf", "", StringComparison.Ordinal);
        s = MboxCommand().Replace(s, "");

        // "j" as the imaginary unit when "i" is not used.
        if (s.Contains('j') && !s.Contains('i'))
            s = s.Replace('j', 'i');

        // 2.000 -> 2, 1.0x -> 1x (decimal tails of zeros only).
        s = ZeroTailBeforeNonDigit().Replace(s, "$1$2");
        s = ZeroTailAtEnd().Replace(s, "$1");

        if (s.Length == 0)
            return s;
        if (s[0] == '.')
            s = "0" + s;

        // "k = 5" -> "5": a short left-hand side names the answer.
        var sides = s.Split('=');
        if (sides.Length == 2 && sides[0].Length <= 2)
            s = sides[1];

        s = SqrtWithoutBraces().Replace(s, "\\sqrt{$1}");
        s = s.Replace(" ", "", StringComparison.Ordinal);
        s = FixFracs(s);
        s = FixSlash(s);
        return s;
    }

    /// <summary><c>\frac12</c> → <c>\frac{1}{2}</c>, <c>\frac1{72}</c> → <c>\frac{1}{72}</c>.</summary>
    internal static string FixFracs(string s)
    {
        var parts = s.Split("\\frac");
        if (parts.Length == 1)
            return s;
        var sb = new StringBuilder(parts[0]);
        foreach (var part in parts.Skip(1))
        {
            sb.Append("\\frac");
            if (part.Length > 0 && part[0] == '{')
            {
                sb.Append(part);
                continue;
            }
            if (part.Length < 2)
                return s;
            char a = part[0], b = part[1];
            if (b != '{')
                sb.Append('{').Append(a).Append("}{").Append(b).Append('}').Append(part.AsSpan(2));
            else
                sb.Append('{').Append(a).Append('}').Append(part.AsSpan(1));
        }
        return sb.ToString();
    }

    /// <summary><c>3/4</c> → <c>\frac{3}{4}</c> when both sides are integers (or square roots) written plainly.</summary>
    internal static string FixSlash(string s)
    {
        var parts = s.Split('/');
        if (parts.Length != 2)
            return s;
        string? a = PlainSide(parts[0]);
        string? b = PlainSide(parts[1]);
        if (a is null || b is null || $"{a}/{b}" != s)
            return s;
        return "\\frac{" + a + "}{" + b + "}";
    }

    // An integer written the way Python's str(int(x)) writes it back, or any text containing "sqrt".
    private static string? PlainSide(string side)
    {
        if (side.Contains("sqrt", StringComparison.Ordinal))
            return side;
        return System.Numerics.BigInteger.TryParse(side, System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }

    private static string RemoveUnitWords(string s)
    {
        for (int round = 0; round < 2; round++)
        {
            string next = UnitWord().Replace(s, "$1$2");
            if (next.Length > 0)
                s = next;
        }
        return s;
    }

    [GeneratedRegex(@"\\begin\{array\}\{.*?\}", RegexOptions.CultureInvariant, RegexTimeoutMs)]
    private static partial Regex ArrayBegin();

    [GeneratedRegex(@"\\text\{.*?\}$", RegexOptions.CultureInvariant, RegexTimeoutMs)]
    private static partial Regex TrailingText();

    [GeneratedRegex(@"\\text\{(.*?)\}", RegexOptions.CultureInvariant, RegexTimeoutMs)]
    private static partial Regex TextCommand();

    [GeneratedRegex(@"\\mbox\{.*?\}", RegexOptions.CultureInvariant, RegexTimeoutMs)]
    private static partial Regex MboxCommand();

    [GeneratedRegex(@"\band\b", RegexOptions.CultureInvariant, RegexTimeoutMs)]
    private static partial Regex AndWord();

    [GeneratedRegex(@"(\d+)\.0*([^\d])", RegexOptions.CultureInvariant, RegexTimeoutMs)]
    private static partial Regex ZeroTailBeforeNonDigit();

    [GeneratedRegex(@"(\d+)\.0*$", RegexOptions.CultureInvariant, RegexTimeoutMs)]
    private static partial Regex ZeroTailAtEnd();

    [GeneratedRegex(@"\\sqrt(\w+)", RegexOptions.CultureInvariant, RegexTimeoutMs)]
    private static partial Regex SqrtWithoutBraces();

    // Multi-letter units only (singular and plural); see the class comment for why single letters are not here.
    [GeneratedRegex(
        @"(^|\W)(?:cm|mm|km|kg|mg|ml|mph|kmh|kmph|ft|feet|foot|inch|inches|meters?|metres?|miles?|yards?|gallons?|" +
        @"liters?|litres?|hours?|hrs?|minutes?|seconds?|days?|weeks?|months?|years?|degrees?|dollars?|cents?|" +
        @"units?|square|cubic|sq|percent|lbs?|pounds?|grams?|kilograms?|rupees?)($|\W)",
        RegexOptions.CultureInvariant, RegexTimeoutMs)]
    private static partial Regex UnitWord();
}
