using Raif.Core.Text;
using Raif.Verifiers.IfEval;
using Raif.Verifiers.Nltk;
using static Raif.Verifiers.IfBench.IfBenchText;

namespace Raif.Verifiers.IfBench.Checkers;

/// <summary>IFBench's <c>ratio:*</c> checkers (2025 semantics).</summary>
internal static class RatioChecks
{
    /// <summary><c>ratio:stop_words</c>: NLTK English stop words are at most <paramref name="percentage"/>% of the
    /// <c>\w+</c> tokens. No tokens divides by zero upstream.</summary>
    public static bool StopWords(string value, double percentage)
    {
        var tokens = WordTokens(value);
        if (tokens.Count == 0)
            throw CheckRaisedException.ZeroDivisionError("division by zero (no words)");
        int stop = tokens.Count(t => EnglishStopwords.Words.Contains(PyStr.Lower(t)));
        return (double)stop / tokens.Count * 100 <= percentage;
    }

    /// <summary><c>ratio:sentence_type</c>: sentences ending in '.' are exactly twice those ending in '?'.</summary>
    public static bool SentenceType(string value)
    {
        var sentences = SplitIntoSentences(value);
        return sentences.Count(s => s.EndsWith('.')) == 2 * sentences.Count(s => s.EndsWith('?'));
    }

    /// <summary><c>ratio:sentence_balance</c>: as many sentences end in '.' as in '?' as in '!'.</summary>
    public static bool SentenceBalance(string value)
    {
        var sentences = SplitIntoSentences(value);
        int declarative = sentences.Count(s => s.EndsWith('.'));
        return declarative == sentences.Count(s => s.EndsWith('?')) && declarative == sentences.Count(s => s.EndsWith('!'));
    }

    /// <summary><c>ratio:overlap</c>: the share of the response's distinct character trigrams that also occur in the
    /// reference is within ±2 points of <paramref name="percentage"/>. Under three characters divides by zero upstream.</summary>
    public static bool Overlap(string value, string referenceText, double percentage)
    {
        var ngrams = Trigrams(value);
        if (ngrams.Count == 0)
            throw CheckRaisedException.ZeroDivisionError("division by zero (fewer than 3 characters)");
        var reference = Trigrams(referenceText);
        int shared = ngrams.Count(reference.Contains);
        double overlap = (double)shared / ngrams.Count;
        return percentage - 2 <= overlap * 100 && overlap * 100 <= percentage + 2;
    }

    // set(nltk.ngrams(text, 3)) over code points.
    private static HashSet<(int, int, int)> Trigrams(string text)
    {
        var chars = Chars(text);
        var set = new HashSet<(int, int, int)>();
        for (int i = 0; i + 2 < chars.Length; i++)
            set.Add((chars[i].Value, chars[i + 1].Value, chars[i + 2].Value));
        return set;
    }

    /// <summary><c>ratio:sentence_words</c>: exactly three sentences of the same length (the "different words" half
    /// is not checked upstream).</summary>
    public static bool SentenceWords(string value)
    {
        var sentences = SplitIntoSentences(value);
        if (sentences.Count != 3)
            return false;
        int length = Length(PyStr.Strip(sentences[0]));
        return sentences.All(s => Length(PyStr.Strip(s)) == length);
    }
}
