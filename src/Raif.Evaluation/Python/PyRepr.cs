using System.Globalization;
using System.Numerics;
using System.Text;

namespace Raif.Evaluation.Python;

/// <summary>
/// Python's <c>repr()</c> and <c>json.dumps(..., indent=4, ensure_ascii=False)</c> of <see cref="PyJson"/> values: judge
/// prompts built with <c>str.format</c> embed these texts, and the prompt must be upstream's to the character.
/// </summary>
public static class PyRepr
{
    public static string Repr(object? value) => value switch
    {
        null or PyNone => "None",
        bool b => b ? "True" : "False",
        BigInteger n => n.ToString(CultureInfo.InvariantCulture),
        double d => Float(d),
        string s => Str(s),
        List<object?> l => "[" + string.Join(", ", l.Select(Repr)) + "]",
        OrderedDictionary<string, object?> o => "{" + string.Join(", ", o.Select(kv => Str(kv.Key) + ": " + Repr(kv.Value))) + "}",
        _ => throw new ArgumentException($"not a Python JSON value: {value.GetType().Name}"),
    };

    /// <summary><c>float.__repr__</c>: the shortest round-trip digits, scientific below 1e-4 and from 1e16.</summary>
    public static string Float(double d)
    {
        if (double.IsNaN(d))
            return "nan";
        if (double.IsInfinity(d))
            return d > 0 ? "inf" : "-inf";
        if (d == 0)
            return double.IsNegative(d) ? "-0.0" : "0.0";
        // Shortest round-trip digits and their decimal exponent, read from .NET's "R" text.
        string shortest = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        int e = shortest.IndexOf('E');
        int exponentPart = e < 0 ? 0 : int.Parse(shortest[(e + 1)..], CultureInfo.InvariantCulture);
        string mantissa0 = e < 0 ? shortest : shortest[..e];
        int dot = mantissa0.IndexOf('.');
        string intPart = dot < 0 ? mantissa0 : mantissa0[..dot];
        string all = intPart + (dot < 0 ? "" : mantissa0[(dot + 1)..]);
        int leadingZeros = all.Length - all.TrimStart('0').Length;
        int exponent = intPart.Length - 1 + exponentPart - leadingZeros;
        string digits = all.Trim('0');
        string sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16)
        {
            string mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            return FormattableString.Invariant($"{sign}{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}");
        }
        if (exponent < 0)
            return sign + "0." + new string('0', -exponent - 1) + digits;
        if (digits.Length <= exponent + 1)
            return sign + digits + new string('0', exponent + 1 - digits.Length) + ".0";
        return sign + digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
    }

    /// <summary><c>str.__repr__</c>: single quotes unless the text has a single quote and no double quote; escapes for the quote, backslash, \t \n \r and non-printable characters.</summary>
    public static string Str(string s)
    {
        char quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder(s.Length + 2).Append(quote);
        foreach (var rune in s.EnumerateRunes())
        {
            int c = rune.Value;
            if (c == quote || c == '\\')
                sb.Append('\\').Append((char)c);
            else if (c == '\t')
                sb.Append("\\t");
            else if (c == '\n')
                sb.Append("\\n");
            else if (c == '\r')
                sb.Append("\\r");
            else if (c < 0x20 || c == 0x7F)
                sb.Append(CultureInfo.InvariantCulture, $"\\x{c:x2}");
            else if (c < 0x7F || IsPrintable(rune))
                sb.Append(rune.ToString());
            else if (c < 0x100)
                sb.Append(CultureInfo.InvariantCulture, $"\\x{c:x2}");
            else if (c < 0x10000)
                sb.Append(CultureInfo.InvariantCulture, $"\\u{c:x4}");
            else
                sb.Append(CultureInfo.InvariantCulture, $"\\U{c:x8}");
        }
        return sb.Append(quote).ToString();
    }

    /// <summary><c>json.dumps(value, indent=4, ensure_ascii=False)</c>.</summary>
    public static string JsonDumps(object? value)
    {
        var sb = new StringBuilder();
        Dump(sb, value, 0);
        return sb.ToString();
    }

    private static void Dump(StringBuilder sb, object? value, int level)
    {
        switch (value)
        {
            case null or PyNone:
                sb.Append("null");
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case BigInteger n:
                sb.Append(n.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                sb.Append(double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : Float(d));
                break;
            case string s:
                JsonString(sb, s);
                break;
            case List<object?> l:
                if (l.Count == 0)
                {
                    sb.Append("[]");
                    break;
                }
                sb.Append('[');
                for (int i = 0; i < l.Count; i++)
                {
                    sb.Append(i == 0 ? "\n" : ",\n").Append(' ', 4 * (level + 1));
                    Dump(sb, l[i], level + 1);
                }
                sb.Append('\n').Append(' ', 4 * level).Append(']');
                break;
            case OrderedDictionary<string, object?> o:
                if (o.Count == 0)
                {
                    sb.Append("{}");
                    break;
                }
                sb.Append('{');
                bool first = true;
                foreach (var (key, item) in o)
                {
                    sb.Append(first ? "\n" : ",\n").Append(' ', 4 * (level + 1));
                    first = false;
                    JsonString(sb, key);
                    sb.Append(": ");
                    Dump(sb, item, level + 1);
                }
                sb.Append('\n').Append(' ', 4 * level).Append('}');
                break;
            default:
                throw new ArgumentException($"not a Python JSON value: {value.GetType().Name}");
        }
    }

    // json's ensure_ascii=False escaping: quote, backslash, \n \r \t \b \f, other controls below 0x20 as \u00XX.
    private static void JsonString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20)
                        sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    else
                        sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    // Python's str.isprintable per character: not Cc, Cf, Cs, Co, Cn, Zl, Zp, or Zs other than the space.
    private static bool IsPrintable(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => false,
        UnicodeCategory.SpaceSeparator => rune.Value == ' ',
        _ => true,
    };
}
