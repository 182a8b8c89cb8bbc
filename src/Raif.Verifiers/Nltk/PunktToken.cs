using System.Text;
using Raif.Core.Text;

namespace Raif.Verifiers.Nltk;

/// <summary>A word token with Punkt's annotations (NLTK 3.8 <c>PunktToken</c>).</summary>
internal sealed class PunktToken
{
    public PunktToken(string tok, bool paraStart = false, bool lineStart = false)
    {
        Tok = tok;
        Type = TypeOf(tok);
        PeriodFinal = tok.EndsWith('.');
        ParaStart = paraStart;
        LineStart = lineStart;
    }

    public string Tok { get; }

    /// <summary>Lower-cased token, with numbers replaced by "##number##".</summary>
    public string Type { get; }

    public bool PeriodFinal { get; }

    public bool ParaStart { get; }

    public bool LineStart { get; }

    public bool SentBreak { get; set; }

    public bool Abbr { get; set; }

    public bool Ellipsis { get; set; }

    /// <summary>The type without its final period (when it has one and is longer than the period).</summary>
    public string TypeNoPeriod => Type.Length > 1 && Type[^1] == '.' ? Type[..^1] : Type;

    /// <summary>The type without its final period if that period is a sentence break.</summary>
    public string TypeNoSentPeriod => SentBreak ? TypeNoPeriod : Type;

    /// <summary><c>tok[0].isupper()</c> (by code point).</summary>
    public bool FirstUpper => Tok.Length > 0 && PyUnicode.IsUppercase(PyUnicode.RuneAt(Tok, 0));

    /// <summary><c>tok[0].islower()</c>.</summary>
    public bool FirstLower => Tok.Length > 0 && PyUnicode.IsLowercase(PyUnicode.RuneAt(Tok, 0));

    /// <summary><c>\.\.+$</c> matched at the start: two or more periods and nothing else.</summary>
    public bool IsEllipsis
    {
        get
        {
            if (Tok.Length < 2)
                return false;
            foreach (char c in Tok)
            {
                if (c != '.')
                    return false;
            }
            return true;
        }
    }

    public bool IsNumber => Type.StartsWith("##number##", StringComparison.Ordinal);

    /// <summary><c>[^\W\d]\.$</c> matched at the start: one non-digit word character, then a period.</summary>
    public bool IsInitial
    {
        get
        {
            if (Tok.Length < 2 || Tok[^1] != '.')
                return false;
            var first = PyUnicode.RuneAt(Tok, 0);
            return PyUnicode.LengthAt(Tok, 0) == Tok.Length - 1 && PyUnicode.IsWordChar(first) && !PyUnicode.IsDecimal(first);
        }
    }

    private static string TypeOf(string tok)
    {
        string lower = PyStr.Lower(tok);
        return IsNumeric(lower) ? "##number##" : lower;
    }

    /// <summary><c>^-?[\.,]?\d[\d,\.-]*\.?$</c> over the whole token (Unicode decimal digits, by code point).</summary>
    internal static bool IsNumeric(string s)
    {
        int i = 0;
        if (i < s.Length && s[i] == '-')
            i++;
        if (i < s.Length && s[i] is '.' or ',')
            i++;
        if (i >= s.Length || !PyUnicode.IsDecimal(PyUnicode.RuneAt(s, i)))
            return false;
        i += PyUnicode.LengthAt(s, i);
        // [\d,\.-]* then \.? then end: since '.' is in the class, the greedy run must reach the end.
        while (i < s.Length)
        {
            var r = PyUnicode.RuneAt(s, i);
            if (!(r.Value is ',' or '.' or '-' || PyUnicode.IsDecimal(r)))
                return false;
            i += PyUnicode.LengthAt(s, i);
        }
        return true;
    }
}
