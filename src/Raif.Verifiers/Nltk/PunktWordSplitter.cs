using System.Text.RegularExpressions;
using Raif.Core.Text;
using Raif.Verifiers.Python;

namespace Raif.Verifiers.Nltk;

/// <summary>
/// Punkt's own word splitting (NLTK 3.8 <c>PunktLanguageVars.word_tokenize</c> and <c>_tokenize_words</c>) with
/// the default English language variables. The regex is NLTK's, with Python's <c>\s</c>/<c>\S</c> spelled out.
/// It is linear: the lazy <c>\S+?</c> stops at the first end-of-word context, and the multi-character
/// punctuation lookahead only scans a run of '-' or '.' that then ends the word.
/// </summary>
internal static class PunktWordSplitter
{
    private const string NonWord = @"(?:[)"";}\]\*:@'\({\[!?])";
    private const string MultiChar = @"(?:\-{2,}|\.{2,}|(?:\." + PyRegexClasses.Space + @"){2,}\.)";
    private const string WordStart = @"[^\(""`{\[:;&\#\*@\)}\]\-,]";

    private static readonly Regex WordRegex = new(
        MultiChar + "|" +
        "(?=" + WordStart + ")" + PyRegexClasses.NotSpace + "+?" +
        "(?=" + PyRegexClasses.Space + "|$|" + NonWord + "|" + MultiChar + "|," +
        "(?=$|" + PyRegexClasses.Space + "|" + NonWord + "|" + MultiChar + "))" +
        "|" + PyRegexClasses.NotSpace,
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>The tokens of <paramref name="text"/>, line by line, with paragraph- and line-start marks.</summary>
    public static List<PunktToken> Tokenize(string text)
    {
        var tokens = new List<PunktToken>();
        bool paraStart = false;
        int lineStart = 0;
        while (lineStart <= text.Length)
        {
            int newline = text.IndexOf('\n', lineStart);
            int lineEnd = newline < 0 ? text.Length : newline;
            if (HasNonSpace(text, lineStart, lineEnd))
            {
                bool first = true;
                var match = WordRegex.Match(text, lineStart, lineEnd - lineStart);
                while (match.Success)
                {
                    tokens.Add(first ? new PunktToken(match.Value, paraStart, lineStart: true) : new PunktToken(match.Value));
                    if (first)
                    {
                        paraStart = false;
                        first = false;
                    }
                    match = match.NextMatch();
                }
            }
            else
            {
                paraStart = true;
            }
            if (newline < 0)
                break;
            lineStart = newline + 1;
        }
        return tokens;
    }

    private static bool HasNonSpace(string text, int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            if (!PyStr.IsSpace(text[i]))
                return true;
        }
        return false;
    }
}
