using System.Text;
using System.Text.RegularExpressions;
using Raif.Core.Text;

namespace Raif.Verifiers.IfBench;

/// <summary>The text helpers IFBench's checkers share (Python <c>str</c> semantics, by code point).</summary>
internal static class IfBenchText
{
    /// <summary>Python's <c>string.punctuation</c>.</summary>
    public const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /// <summary><c>''.join(string.punctuation) + ' '</c>, the strip set most checkers use.</summary>
    public const string PunctuationAndSpace = Punctuation + " ";

    /// <summary><c>s.translate(str.maketrans('', '', string.punctuation))</c>.</summary>
    public static string RemovePunctuation(string s)
    {
        if (s.AsSpan().IndexOfAny(PunctuationSearch) < 0)
            return s;
        var sb = new StringBuilder(s.Length);
        foreach (char c in s)
        {
            if (!IsPunctuation(c))
                sb.Append(c);
        }
        return sb.ToString();
    }

    public static bool IsPunctuation(char c) => c < 128 && Punctuation.Contains(c);

    private static readonly System.Buffers.SearchValues<char> PunctuationSearch = System.Buffers.SearchValues.Create(Punctuation);

    /// <summary>The code points of <paramref name="s"/> (what Python indexes).</summary>
    public static Rune[] Chars(string s)
    {
        var list = new List<Rune>(s.Length);
        int i = 0;
        while (i < s.Length)
        {
            list.Add(PyUnicode.RuneAt(s, i));
            i += PyUnicode.LengthAt(s, i);
        }
        return [.. list];
    }

    /// <summary><c>s[0]</c> as a code point; the caller has checked that <paramref name="s"/> is not empty.</summary>
    public static Rune First(string s) => PyUnicode.RuneAt(s, 0);

    /// <summary><c>len(s)</c>: the number of code points.</summary>
    public static int Length(string s)
    {
        int n = 0, i = 0;
        while (i < s.Length)
        {
            i += PyUnicode.LengthAt(s, i);
            n++;
        }
        return n;
    }

    /// <summary><c>unicodedata.normalize('NFKD', s).encode('ASCII', 'ignore').decode('ASCII')</c>.</summary>
    public static string AsciiFold(string s)
    {
        string decomposed = s.Normalize(NormalizationForm.FormKD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (char c in decomposed)
        {
            if (c < 128)
                sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary><c>instructions_util.count_words</c>: <c>RegexpTokenizer(r"\w+")</c> tokens.</summary>
    public static List<string> WordTokens(string text)
    {
        var tokens = new List<string>();
        int i = 0, start = -1;
        while (i < text.Length)
        {
            int len = PyUnicode.LengthAt(text, i);
            bool word = (len == 2 || !char.IsSurrogate(text[i])) && PyUnicode.IsWordChar(PyUnicode.RuneAt(text, i));
            if (word && start < 0)
                start = i;
            else if (!word && start >= 0)
            {
                tokens.Add(text[start..i]);
                start = -1;
            }
            i += len;
        }
        if (start >= 0)
            tokens.Add(text[start..]);
        return tokens;
    }

    // instructions_util.split_into_sentences (IFBench 2025, the same regex splitter as IFEval's). Python's \s is
    // str.isspace(), spelled out because .NET's \s lacks U+001C–U+001F; the letters and digits are ASCII classes.
    private const string Space = @"[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]";
    private const string Alphabets = "([A-Za-z])";
    private const string Prefixes = "(Mr|St|Mrs|Ms|Dr)[.]";
    private const string Suffixes = "(Inc|Ltd|Jr|Sr|Co)";
    private const string Starters = @"(Mr|Mrs|Ms|Dr|Prof|Capt|Cpt|Lt|He" + Space + "|She" + Space + "|It" + Space + "|They" + Space
        + "|Their" + Space + "|Our" + Space + "|We" + Space + "|But" + Space + "|However" + Space + "|That" + Space + "|This" + Space + "|Wherever)";
    private const string Acronyms = "([A-Z][.][A-Z][.](?:[A-Z][.])?)";
    private const string Websites = "[.](com|net|org|io|gov|edu|me)";
    private const string Digits = "([0-9])";
    private const RegexOptions Options = RegexOptions.CultureInvariant;

    private static readonly Regex PrefixesRe = new(Prefixes, Options);
    private static readonly Regex WebsitesRe = new(Websites, Options);
    private static readonly Regex DecimalRe = new(Digits + "[.]" + Digits, Options);
    private static readonly Regex MultipleDotsRe = new(@"\.{2,}", Options);
    private static readonly Regex SpaceLetterDotSpaceRe = new(Space + Alphabets + "[.] ", Options);
    private static readonly Regex AcronymStarterRe = new(Acronyms + " " + Starters, Options);
    private static readonly Regex ThreeLetterDotsRe = new(Alphabets + "[.]" + Alphabets + "[.]" + Alphabets + "[.]", Options);
    private static readonly Regex TwoLetterDotsRe = new(Alphabets + "[.]" + Alphabets + "[.]", Options);
    private static readonly Regex SuffixStarterRe = new(" " + Suffixes + "[.] " + Starters, Options);
    private static readonly Regex SuffixRe = new(" " + Suffixes + "[.]", Options);
    private static readonly Regex SpaceLetterDotRe = new(" " + Alphabets + "[.]", Options);

    /// <summary><c>instructions_util.split_into_sentences(text)</c>.</summary>
    public static List<string> SplitIntoSentences(string text)
    {
        text = " " + text + "  ";
        text = text.Replace("\n", " ", StringComparison.Ordinal);
        text = PrefixesRe.Replace(text, "$1<prd>");
        text = WebsitesRe.Replace(text, "<prd>$1");
        text = DecimalRe.Replace(text, "$1<prd>$2");
        text = MultipleDotsRe.Replace(text, m => string.Concat(Enumerable.Repeat("<prd>", m.Length)) + "<stop>");
        if (text.Contains("Ph.D", StringComparison.Ordinal))
            text = text.Replace("Ph.D.", "Ph<prd>D<prd>", StringComparison.Ordinal);
        text = SpaceLetterDotSpaceRe.Replace(text, " $1<prd> ");
        text = AcronymStarterRe.Replace(text, "$1<stop> $2");
        text = ThreeLetterDotsRe.Replace(text, "$1<prd>$2<prd>$3<prd>");
        text = TwoLetterDotsRe.Replace(text, "$1<prd>$2<prd>");
        text = SuffixStarterRe.Replace(text, " $1<stop> $2");
        text = SuffixRe.Replace(text, " $1<prd>");
        text = SpaceLetterDotRe.Replace(text, " $1<prd>");
        if (text.Contains('”'))
            text = text.Replace(".”", "”.", StringComparison.Ordinal);
        if (text.Contains('"'))
            text = text.Replace(".\"", "\".", StringComparison.Ordinal);
        if (text.Contains('!'))
            text = text.Replace("!\"", "\"!", StringComparison.Ordinal);
        if (text.Contains('?'))
            text = text.Replace("?\"", "\"?", StringComparison.Ordinal);
        text = text.Replace(".", ".<stop>", StringComparison.Ordinal);
        text = text.Replace("?", "?<stop>", StringComparison.Ordinal);
        text = text.Replace("!", "!<stop>", StringComparison.Ordinal);
        text = text.Replace("<prd>", ".", StringComparison.Ordinal);
        var sentences = text.Split("<stop>").Select(PyStr.Strip).ToList();
        if (sentences.Count > 0 && sentences[^1].Length == 0)
            sentences.RemoveAt(sentences.Count - 1);
        return sentences;
    }
}
