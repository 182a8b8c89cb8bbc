using System.Text.RegularExpressions;
using Raif.Core.Text;
using Raif.Verifiers.Python;

namespace Raif.Verifiers.Tests.Nltk;

/// <summary>
/// The oracle for <see cref="Raif.Verifiers.Nltk.TreebankWordTokenizer"/>: the regex port it replaced (issue #15), kept
/// verbatim so that the hand-written tokenizer is checked rule for rule against a transcription of NLTK's source.
/// NLTK 3.8's <c>NLTKWordTokenizer</c> (the improved Treebank tokenizer behind <c>word_tokenize</c>): the same
/// ordered regex substitutions for starting quotes, punctuation, brackets, dashes, ending quotes and
/// MacIntyre's contractions, then a whitespace split. Python's <c>\s</c>, <c>\w</c> and <c>\b</c> are spelled out
/// (see <see cref="PyRegexClasses"/>). The first punctuation rule is applied by hand (<see cref="SeparateFinalPeriod"/>).
/// </summary>
internal sealed class RegexTreebankReference
{
    public static RegexTreebankReference Instance { get; } = new();

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Compiled;
    private const RegexOptions IgnoreCase = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Compiled;
    private const string S = PyRegexClasses.Space;
    private const string B = PyRegexClasses.Boundary;

    private static readonly (Regex Pattern, string Replacement)[] StartingQuotes =
    [
        (new Regex("([«“‘„]|[`]+)", Options), " $1 "),
        (new Regex("^\"", Options), "``"),
        (new Regex("(``)", Options), " $1 "),
        (new Regex("([ \\(\\[{<])(\"|'{2})", Options), "$1 `` "),
        (new Regex("(')(?!re|ve|ll|m|t|s|d|n)(" + PyRegexClasses.Word + ")" + B, IgnoreCase), "$1 $2"),
    ];

    private static readonly (Regex Pattern, string Replacement)[] Punctuation =
    [
        (new Regex("([:,])([^\\d])", Options), " $1 $2"),
        (new Regex("([:,])$", Options), " $1 "),
        (new Regex("\\.{2,}", Options), " $0 "),
        (new Regex("[;@#$%&]", Options), " $0 "),
        (new Regex("([^\\.])(\\.)([\\]\\)}>\"']*)" + S + "*$", Options), "$1 $2$3 "), // the final period
        (new Regex("[?!]", Options), " $0 "),
        (new Regex("([^'])' ", Options), "$1 ' "),
        (new Regex("[*]", Options), " $0 "),
    ];

    private static readonly Regex ParensBrackets = new("[\\]\\[\\(\\)\\{\\}\\<\\>]", Options);

    private static readonly Regex DoubleDashes = new("--", Options);

    private static readonly (Regex Pattern, string Replacement)[] EndingQuotes =
    [
        (new Regex("([»”’])", Options), " $1 "),
        (new Regex("''", Options), " '' "),
        (new Regex("\"", Options), " '' "),
        (new Regex("([^' ])('[sS]|'[mM]|'[dD]|') ", Options), "$1 $2 "),
        (new Regex("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ", Options), "$1 $2 "),
    ];

    private static readonly Regex[] Contractions =
    [
        new(B + "(can)(not)" + B, IgnoreCase),
        new(B + "(d)('ye)" + B, IgnoreCase),
        new(B + "(gim)(me)" + B, IgnoreCase),
        new(B + "(gon)(na)" + B, IgnoreCase),
        new(B + "(got)(ta)" + B, IgnoreCase),
        new(B + "(lem)(me)" + B, IgnoreCase),
        new(B + "(more)('n)" + B, IgnoreCase),
        new(B + "(wan)(na)(?=" + S + ")", IgnoreCase),
        new(" ('t)(is)" + B, IgnoreCase),
        new(" ('t)(was)" + B, IgnoreCase),
    ];

    /// <summary>
    /// NLTK's first punctuation rule, <c>([^\.])(\.)([\]\)}&gt;"'»”’ ]*)\s*$</c> → <c>\1 \2 \3 </c>, by hand: its
    /// bracket class contains a space that <c>\s*</c> also matches, which makes it quadratic under backtracking, and
    /// .NET's non-backtracking engine is not trusted (it drops matches of some patterns, dotnet/runtime PR #130176).
    /// Only the last period can match: everything after it must be closers or spaces, then whitespace to the end.
    /// </summary>
    internal static string SeparateFinalPeriod(string text)
    {
        int dot = text.LastIndexOf('.');
        if (dot < 1 || text[dot - 1] == '.')
            return text;
        int closersEnd = dot + 1;
        while (closersEnd < text.Length && text[closersEnd] is ']' or ')' or '}' or '>' or '"' or '\'' or '»' or '”' or '’' or ' ')
            closersEnd++;
        for (int i = closersEnd; i < text.Length; i++)
        {
            if (!PyStr.IsSpace(text[i]))
                return text;
        }
        return string.Concat(text.AsSpan(0, dot), " . ", text.AsSpan(dot + 1, closersEnd - dot - 1), " ");
    }

    /// <summary>The word tokens of one sentence.</summary>
    public List<string> Tokenize(string text)
    {
        foreach (var (pattern, replacement) in StartingQuotes)
            text = pattern.Replace(text, replacement);
        text = SeparateFinalPeriod(text);
        foreach (var (pattern, replacement) in Punctuation)
            text = pattern.Replace(text, replacement);
        text = ParensBrackets.Replace(text, " $0 ");
        text = DoubleDashes.Replace(text, " -- ");
        text = " " + text + " ";
        foreach (var (pattern, replacement) in EndingQuotes)
            text = pattern.Replace(text, replacement);
        foreach (var pattern in Contractions)
            text = pattern.Replace(text, " $1 $2 ");
        return PyStr.Split(text);
    }
}
