using Raif.Core.Text;
using Raif.Verifiers.IfEval;
using static Raif.Verifiers.IfBench.IfBenchText;

namespace Raif.Verifiers.IfBench.Checkers;

/// <summary>IFBench's <c>sentence:*</c> checkers (2025 semantics).</summary>
internal static class SentenceChecks
{
    /// <summary><c>sentence:alliteration_increment</c>: each sentence's alliteration score (words in runs of equal
    /// first letters) is higher than the previous sentence's.</summary>
    public static bool AlliterationIncrement(string value)
    {
        int previous = -1;
        foreach (string sentence in SplitIntoSentences(value))
        {
            var words = new List<string>();
            foreach (string word in PyStr.Split(PyStr.Lower(sentence)))
            {
                string clean = PyStr.LStrip(word, PunctuationAndSpace);
                if (clean.Length > 0)
                    words.Add(clean);
            }
            int alliteration = 0;
            bool previousAlliterative = false;
            for (int i = 0; i + 1 < words.Count; i++)
            {
                if (First(words[i]) == First(words[i + 1]))
                {
                    alliteration += previousAlliterative ? 1 : 2;
                    previousAlliterative = true;
                }
                else
                    previousAlliterative = false;
            }
            if (alliteration <= previous)
                return false;
            previous = alliteration;
        }
        return true;
    }

    /// <summary><c>sentence:keyword</c>: the N-th sentence contains the keyword (case-insensitive substring). As
    /// upstream, the index is <c>int(N - 1)</c>, so N = 0 means the last sentence.</summary>
    public static bool Keyword(string value, string keyword, double n)
    {
        var sentences = SplitIntoSentences(value);
        if (sentences.Count < n)
            return false;
        long index = (long)Math.Truncate(n - 1);
        if (index < 0)
            index += sentences.Count;
        if (index < 0 || index >= sentences.Count)
            throw CheckRaisedException.IndexError("list index out of range (no sentences)");
        return PyStr.Lower(sentences[(int)index]).Contains(PyStr.Lower(keyword), StringComparison.Ordinal);
    }

    /// <summary><c>sentence:increment</c>: each sentence has exactly small_n more words (punctuation removed) than the
    /// one before.</summary>
    public static bool Increment(string value, double smallN)
    {
        var sentences = SplitIntoSentences(value);
        if (sentences.Count == 0)
            throw CheckRaisedException.IndexError("list index out of range (no sentences)");
        int previous = WordCount(sentences[0]);
        foreach (string sentence in sentences.Skip(1))
        {
            int count = WordCount(sentence);
            if (count != previous + smallN)
                return false;
            previous = count;
        }
        return true;
    }

    private static int WordCount(string sentence) => PyStr.Split(PyStr.Strip(RemovePunctuation(sentence))).Count;
}
