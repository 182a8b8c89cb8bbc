using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Raif.Verifiers.Python;

/// <summary>
/// Python <c>re</c> patterns that arrive as data (IFEval builds regexes from keywords, postscript markers and
/// section splitters) turned into equivalent .NET patterns. The two syntaxes agree on most constructs; this
/// rewrites the ones that differ (<c>\w \W \s \S \b \B \Z</c>, <c>(?P&lt;name&gt;…)</c>, <c>(?P=name)</c>,
/// <c>{,n}</c>, a <c>{</c> that is not a quantifier, escaped non-ASCII characters) and refuses, with an
/// exception, what it cannot translate faithfully or what Python itself rejects. No library does this translation.
/// </summary>
public static class PyPattern
{
    private const string Special = ".^$*+?{}[]\\|()";

    /// <summary>True when <paramref name="pattern"/> has no regex metacharacter, so it matches itself literally.</summary>
    public static bool IsLiteral(string pattern) => pattern.AsSpan().IndexOfAny(Special) < 0;

    /// <summary>A .NET regex for the Python pattern; throws <see cref="PyPatternException"/> when it cannot be translated.</summary>
    public static Regex ToRegex(string pattern, RegexOptions options, TimeSpan timeout)
    {
        string dotnet = ToDotNet(pattern);
        try
        {
            return new Regex(dotnet, options | RegexOptions.CultureInvariant, timeout);
        }
        catch (ArgumentException e) when (e is not PyPatternException)
        {
            throw new PyPatternException(pattern, e.Message);
        }
    }

    /// <summary>Translates the Python pattern into .NET syntax with the same meaning.</summary>
    public static string ToDotNet(string pattern)
    {
        var sb = new StringBuilder(pattern.Length + 16);
        int i = 0;
        var state = State.Start; // what the last emitted item can take: a quantifier, a lazy '?', nothing
        while (i < pattern.Length)
        {
            char c = pattern[i];
            switch (c)
            {
                case '\\':
                    i = TranslateEscape(pattern, i, sb, inClass: false);
                    state = State.Atom;
                    continue;
                case '[':
                    i = TranslateClass(pattern, i, sb);
                    state = State.Atom;
                    continue;
                case '(':
                    i = TranslateGroupOpen(pattern, i, sb, out bool isComment);
                    state = isComment ? state : State.Start;
                    continue;
                case ')':
                    sb.Append(')');
                    i++;
                    state = State.Atom;
                    continue;
                case '*' or '+' or '?':
                    if (state == State.Quantified && c == '?')
                    {
                        sb.Append('?'); // lazy modifier
                        i++;
                        state = State.Lazy;
                        continue;
                    }
                    if (state == State.Quantified && c == '+')
                        throw Error(pattern, "possessive quantifiers are not supported");
                    CheckRepeatable(pattern, state);
                    sb.Append(c);
                    i++;
                    state = State.Quantified;
                    continue;
                case '{':
                    if (TryReadQuantifier(pattern, i, out int end, out string dotnet))
                    {
                        CheckRepeatable(pattern, state);
                        sb.Append(dotnet);
                        i = end;
                        state = State.Quantified;
                        continue;
                    }
                    sb.Append(@"\{"); // Python treats a '{' that is not a valid quantifier as a literal
                    i++;
                    state = State.Atom;
                    continue;
                case '}':
                    sb.Append(@"\}");
                    i++;
                    state = State.Atom;
                    continue;
                case '|':
                    sb.Append('|');
                    i++;
                    state = State.Start;
                    continue;
                case '^' or '$':
                    sb.Append(c); // same meaning in both dialects, with and without MULTILINE
                    i++;
                    state = State.Atom;
                    continue;
                case '.':
                    sb.Append('.'); // [^\n] in both dialects
                    i++;
                    state = State.Atom;
                    continue;
                default:
                    int len = char.IsSurrogatePair(pattern, i) ? 2 : 1;
                    AppendLiteral(sb, pattern.Substring(i, len));
                    i += len;
                    state = State.Atom;
                    continue;
            }
        }
        return sb.ToString();
    }

    private enum State
    {
        Start,
        Atom,
        Quantified,
        Lazy,
    }

    private static void CheckRepeatable(string pattern, State state)
    {
        if (state is State.Quantified or State.Lazy)
            throw Error(pattern, "multiple repeat");
        if (state == State.Start)
            throw Error(pattern, "nothing to repeat");
    }

    // {m}, {m,}, {,n}, {m,n} with decimal digits; Python's {,n} means {0,n} and {,} means {0,}.
    private static bool TryReadQuantifier(string p, int start, out int end, out string dotnet)
    {
        end = start;
        dotnet = "";
        int i = start + 1;
        int minStart = i;
        while (i < p.Length && char.IsAsciiDigit(p[i]))
            i++;
        string min = p[minStart..i];
        string? max = null;
        bool comma = false;
        if (i < p.Length && p[i] == ',')
        {
            comma = true;
            i++;
            int maxStart = i;
            while (i < p.Length && char.IsAsciiDigit(p[i]))
                i++;
            max = p[maxStart..i];
        }
        if (i >= p.Length || p[i] != '}')
            return false;
        if (min.Length == 0 && !comma)
            return false;
        end = i + 1;
        dotnet = !comma ? "{" + min + "}" : "{" + (min.Length == 0 ? "0" : min) + "," + max + "}";
        return true;
    }

    private static int TranslateGroupOpen(string p, int i, StringBuilder sb, out bool isComment)
    {
        isComment = false;
        if (i + 1 >= p.Length || p[i + 1] != '?')
        {
            sb.Append('(');
            return i + 1;
        }
        string rest = p[(i + 2)..];
        if (rest.StartsWith("P<", StringComparison.Ordinal))
        {
            sb.Append("(?<");
            return i + 4;
        }
        if (rest.StartsWith("P=", StringComparison.Ordinal))
        {
            int close = p.IndexOf(')', i);
            if (close < 0)
                throw Error(p, "missing ), unterminated name");
            sb.Append(@"\k<").Append(p, i + 4, close - (i + 4)).Append('>');
            return close + 1;
        }
        if (rest.StartsWith('#'))
        {
            int close = p.IndexOf(')', i);
            if (close < 0)
                throw Error(p, "missing ), unterminated comment");
            isComment = true;
            return close + 1;
        }
        if (rest.StartsWith(':') || rest.StartsWith('=') || rest.StartsWith('!') || rest.StartsWith("<=") ||
            rest.StartsWith("<!") || rest.StartsWith('>'))
        {
            sb.Append("(?");
            return i + 2;
        }
        // Inline flags: (?i) (?m) (?s) and scoped (?i:...). Others change how the pattern itself is read
        // (x, a, L) and are refused rather than guessed.
        int j = i + 2;
        while (j < p.Length && p[j] is 'i' or 'm' or 's' or 'u' or '-')
            j++;
        if (j < p.Length && j > i + 2 && p[j] is ')' or ':')
        {
            string flags = p[(i + 2)..j].Replace("u", "", StringComparison.Ordinal);
            sb.Append("(?").Append(flags);
            return j;
        }
        throw Error(p, $"unsupported group construct '(?{(rest.Length > 0 ? rest[0] : ' ')}'");
    }

    private static int TranslateEscape(string p, int i, StringBuilder sb, bool inClass)
    {
        if (i + 1 >= p.Length)
            throw Error(p, "bad escape (end of pattern)");
        char e = p[i + 1];
        switch (e)
        {
            case 'w':
                sb.Append(inClass ? PyRegexClasses.WordBody : PyRegexClasses.Word);
                return i + 2;
            case 's':
                sb.Append(inClass ? PyRegexClasses.SpaceBody : PyRegexClasses.Space);
                return i + 2;
            case 'd':
                sb.Append(@"\d"); // Unicode Nd in both dialects
                return i + 2;
            case 'D':
                sb.Append(@"\D");
                return i + 2;
            case 'W' or 'S' when inClass:
                throw Error(p, $@"\{e} inside a character class is not supported");
            case 'W':
                sb.Append(PyRegexClasses.NotWord);
                return i + 2;
            case 'S':
                sb.Append(PyRegexClasses.NotSpace);
                return i + 2;
            case 'b' when inClass:
                sb.Append(@"\x08"); // backspace inside a class, as in Python
                return i + 2;
            case 'b':
                sb.Append(PyRegexClasses.Boundary);
                return i + 2;
            case 'B' when !inClass:
                sb.Append(PyRegexClasses.NotBoundary);
                return i + 2;
            case 'A' when !inClass:
                sb.Append(@"\A");
                return i + 2;
            case 'Z' when !inClass:
                sb.Append(@"\z"); // Python's \Z is the absolute end, .NET's \z
                return i + 2;
            case 'n' or 't' or 'r' or 'f' or 'v' or 'a':
                sb.Append('\\').Append(e);
                return i + 2;
            case 'x':
                return AppendCodeEscape(p, i, 2, sb);
            case 'u':
                return AppendCodeEscape(p, i, 4, sb);
            case 'U':
                return AppendCodeEscape(p, i, 8, sb);
            case >= '1' and <= '9' when !inClass:
            {
                int j = i + 1;
                while (j < p.Length && j < i + 3 && char.IsAsciiDigit(p[j]))
                    j++;
                sb.Append(@"\k<").Append(p, i + 1, j - (i + 1)).Append('>');
                return j;
            }
            case >= '0' and <= '9':
                throw Error(p, "octal escapes are not supported");
        }
        if (char.IsAsciiLetter(e))
            throw Error(p, $@"bad escape \{e}");
        int len = char.IsSurrogatePair(p, i + 1) ? 2 : 1;
        AppendLiteral(sb, p.Substring(i + 1, len));
        return i + 1 + len;
    }

    private static int AppendCodeEscape(string p, int i, int digits, StringBuilder sb)
    {
        int start = i + 2;
        if (start + digits > p.Length ||
            !int.TryParse(p.AsSpan(start, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code) ||
            code > 0x10FFFF || (code is >= 0xD800 and <= 0xDFFF && digits == 8))
            throw Error(p, $@"incomplete or invalid escape \{p[i + 1]}");
        AppendLiteral(sb, char.ConvertFromUtf32(code is >= 0xD800 and <= 0xDFFF ? 0xFFFD : code));
        return start + digits;
    }

    private static int TranslateClass(string p, int i, StringBuilder sb)
    {
        sb.Append('[');
        int j = i + 1;
        if (j < p.Length && p[j] == '^')
        {
            sb.Append('^');
            j++;
        }
        bool first = true;
        while (true)
        {
            if (j >= p.Length)
                throw Error(p, "unterminated character set");
            char c = p[j];
            if (c == ']' && !first)
            {
                sb.Append(']');
                return j + 1;
            }
            first = false;
            switch (c)
            {
                case '\\':
                    j = TranslateEscape(p, j, sb, inClass: true);
                    continue;
                case '[' or ']':
                    sb.Append('\\').Append(c); // literal in Python; '[' would start a subtraction in .NET
                    j++;
                    continue;
                default:
                    sb.Append(c);
                    j++;
                    continue;
            }
        }
    }

    private static void AppendLiteral(StringBuilder sb, string s)
    {
        foreach (var r in s.EnumerateRunes())
        {
            if (r.Value < 0x80)
                sb.Append(Regex.Escape(r.ToString()));
            else if (r.IsBmp)
                sb.Append(@"\u").Append(r.Value.ToString("X4", CultureInfo.InvariantCulture));
            else
                sb.Append("(?:").Append(r.ToString()).Append(')');
        }
    }

    private static PyPatternException Error(string pattern, string problem) => new(pattern, problem);
}

/// <summary>A Python regex pattern that Python rejects or that cannot be translated faithfully.</summary>
public sealed class PyPatternException(string pattern, string problem)
    : ArgumentException($"regex pattern '{pattern}': {problem}")
{
    public string Pattern { get; } = pattern;

    public string Problem { get; } = problem;
}
