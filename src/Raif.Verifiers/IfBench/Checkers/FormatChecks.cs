using System.Text;
using Raif.Core.Text;
using Raif.Verifiers.IfEval;
using Raif.Verifiers.Nltk;
using static Raif.Verifiers.IfBench.IfBenchText;

namespace Raif.Verifiers.IfBench.Checkers;

/// <summary>IFBench's <c>format:*</c> checkers (2025 semantics).</summary>
internal static class FormatChecks
{
    /// <summary><c>format:parentheses</c>: a matched bracket closes after the nesting reached depth 5; a mismatched
    /// closer resets the count.</summary>
    public static bool NestedParentheses(string value)
    {
        var levels = new List<char>();
        int maxDepth = 0;
        foreach (char c in value)
        {
            if (c is '(' or '[' or '{')
            {
                levels.Add(c);
                maxDepth = Math.Max(maxDepth, levels.Count);
            }
            else if (c is ')' or ']' or '}')
            {
                if (levels.Count > 0 && (levels[^1], c) is ('(', ')') or ('[', ']') or ('{', '}'))
                {
                    levels.RemoveAt(levels.Count - 1);
                    if (maxDepth >= 5 && levels.Count < maxDepth)
                        return true;
                }
                else
                {
                    levels.Clear();
                    maxDepth = 0;
                }
            }
        }
        return false;
    }

    /// <summary><c>format:quotes</c>: ' and " nested three deep (a quote that matches the innermost open one closes it).</summary>
    public static bool NestedQuotes(string value)
    {
        var levels = new List<char>();
        int reached = 0, current = 0;
        foreach (char c in value)
        {
            if (levels.Count != 0 && c == levels[^1])
            {
                levels.RemoveAt(levels.Count - 1);
                current--;
                if (reached - current >= 3)
                    return true;
            }
            else if (c is '"' or '\'')
            {
                levels.Add(c);
                current++;
                reached = Math.Max(reached, current);
            }
        }
        return false;
    }

    /// <summary><c>format:newline</c>: as many non-empty lines as words (punctuation removed).</summary>
    public static bool NewLineWords(string value)
    {
        string stripped = PyStr.Strip(RemovePunctuation(value));
        int lines = stripped.Split('\n').Count(l => l.Length > 0);
        return lines == PyStr.Split(stripped).Count;
    }

    /// <summary><c>format:emoji</c>: each sentence ends with an emoji (one of its last two characters once ASCII
    /// punctuation is removed), or the next sentence starts with one. A sentence that is only punctuation raises
    /// IndexError upstream; an empty next sentence fails (the c94da02 fix).</summary>
    public static bool EmojiSentence(string value)
    {
        var sentences = SplitIntoSentences(value);
        for (int i = 0; i < sentences.Count; i++)
        {
            var chars = Chars(PyStr.Strip(RemovePunctuation(sentences[i])));
            if (chars.Length == 0)
                throw CheckRaisedException.IndexError($"string index out of range (sentence {i + 1} is only punctuation)");
            Rune last = chars[^1], secondLast = chars.Length > 1 ? chars[^2] : chars[^1];
            if (EmojiCodePoints.IsEmoji(last) || EmojiCodePoints.IsEmoji(secondLast))
                continue;
            if (i == sentences.Count - 1)
                return false;
            string next = PyStr.Strip(RemovePunctuation(sentences[i + 1]));
            if (next.Length == 0 || !EmojiCodePoints.IsEmoji(First(next)))
                return false;
        }
        return true;
    }

    /// <summary><c>format:line_indent</c>: each line is indented by more spaces than the one before, after upstream's
    /// removal of blank lines (which, removing from the list it iterates, skips the line after each blank one).</summary>
    public static bool IndentStairs(string value)
    {
        var lines = value.Split('\n').ToList();
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i];
            if (PyStr.Strip(line).Length == 0)
                lines.Remove(line); // list.remove: the first equal element, then the loop index moves on
        }
        for (int i = 0; i + 1 < lines.Count; i++)
        {
            if (Indent(lines[i + 1]) <= Indent(lines[i]))
                return false;
        }
        return true;
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    private const string DigitsAndPunctuationButQuote = "0123456789!#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /// <summary><c>format:quote_unquote</c>: no two quotes touch (ignoring whitespace) and the text does not end with
    /// a quote (ignoring trailing digits and other punctuation). A text of only digits and punctuation raises upstream.</summary>
    public static bool QuoteExplanation(string value)
    {
        value = value.Replace('“', '"').Replace('”', '"').Replace("'\"'", "", StringComparison.Ordinal);
        value = string.Concat(PyStr.Split(value));
        if (value.Contains("\"\"", StringComparison.Ordinal))
            return false;
        string stripped = PyStr.Strip(value, DigitsAndPunctuationButQuote);
        if (stripped.Length == 0)
            throw CheckRaisedException.IndexError("string index out of range (nothing left after stripping)");
        return stripped[^1] != '"';
    }

    /// <summary><c>format:list</c>: the separator occurs at least twice (non-overlapping).</summary>
    public static bool SpecialBulletPoints(string value, string separator) => CountChecks.CountOccurrences(value, separator) >= 2;

    /// <summary><c>format:thesis</c>: an &lt;i&gt; (or &lt;em&gt;) element with text, closed by &lt;/i&gt; (or
    /// &lt;/em&gt;), followed by more text. As upstream, the thesis is taken from 3 characters in either way.</summary>
    public static bool ItalicsThesis(string value)
    {
        int index = value.IndexOf("<i>", StringComparison.Ordinal);
        if (index == -1)
        {
            index = value.IndexOf("<em>", StringComparison.Ordinal);
            if (index == -1)
                return false;
        }
        value = value[index..];
        int end = value.IndexOf("</i>", StringComparison.Ordinal);
        if (end == -1)
        {
            end = value.IndexOf("</em>", StringComparison.Ordinal);
            if (end == -1)
                return false;
        }
        string thesis = end > 3 ? value[3..end] : "";
        if (PyStr.Strip(thesis).Length == 0)
            return false;
        return PyStr.Strip(end + 4 < value.Length ? value[(end + 4)..] : "").Length != 0;
    }

    /// <summary><c>format:sub-bullets</c>: every piece after a '*' contains a '-'.</summary>
    public static bool SubBulletPoints(string value) => value.Split('*').Skip(1).All(piece => piece.Contains('-'));

    /// <summary><c>format:no_bullets_bullets</c>: at least two sentences, then at least two lines starting with '*'.
    /// As upstream, a line that yields no sentences (a blank line) ends the sentence part, after which any line
    /// that is not a bullet fails.</summary>
    public static bool SomeBulletPoints(string value)
    {
        bool inSentences = true;
        int sentences = 0, bullets = 0;
        foreach (string line in value.Split('\n'))
        {
            if (PyStr.Strip(line).StartsWith('*'))
            {
                inSentences = false;
                if (sentences < 2)
                    return false;
                bullets++;
            }
            else if (inSentences)
            {
                int found = SplitIntoSentences(PyStr.Strip(line)).Count;
                inSentences = found > 0; // the list of sentences is the flag upstream: empty means false
                sentences += found;
            }
            else
                return false;
        }
        return bullets >= 2;
    }

    /// <summary><c>format:title_case</c>: no <c>word_tokenize</c> token is a lower-case letter followed by an
    /// all-upper or all-lower rest (Python <c>isupper</c>/<c>islower</c>).</summary>
    public static bool TitleCase(string value)
    {
        foreach (string word in NltkTokenize.Words(value))
        {
            if (word.Length == 0)
                continue;
            int firstLength = PyUnicode.LengthAt(word, 0);
            string head = word[..firstLength], rest = word[firstLength..];
            if (PyStr.IsUpper(head) && PyStr.IsLower(rest))
                continue;
            if (PyStr.IsLower(head) && (PyStr.IsUpper(rest) || PyStr.IsLower(rest)))
                return false;
        }
        return true;
    }

    /// <summary><c>format:output_template</c>: the three template labels appear.</summary>
    public static bool OutputTemplate(string value) =>
        value.Contains("My Answer:", StringComparison.Ordinal) && value.Contains("My Conclusion:", StringComparison.Ordinal)
        && value.Contains("Future Outlook:", StringComparison.Ordinal);

    /// <summary><c>format:no_whitespace</c>: no Python whitespace character.</summary>
    public static bool NoWhitespace(string value) => !value.Any(PyStr.IsSpace);
}
