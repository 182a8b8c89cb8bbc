namespace Raif.Evaluation.Benchmarks.Cello;

/// <summary>
/// NLTK's <c>corpus_bleu([[reference]], [hypothesis], weights=(0.25,)*4)</c> called with two plain strings, as
/// CELLO's input-dependent-query scorer does: a string iterates by character, so the n-grams are character
/// (code point) n-grams. No smoothing (NLTK's <c>method0</c>): 0 when no unigram matches, and a zero higher-order
/// precision is replaced by the smallest normal double, which makes the score tiny but not zero. Brevity penalty
/// <c>exp(1 - r/c)</c> when the hypothesis is not longer than the reference, 0 for an empty hypothesis.
/// </summary>
public static class CharacterBleu
{
    /// <summary>Python's <c>sys.float_info.min</c>, what <c>method0</c> puts in place of a zero precision.</summary>
    private const double SmallestNormalDouble = 2.2250738585072014E-308;

    public static double Score(string hypothesis, string reference)
    {
        int[] hyp = CodePoints(hypothesis);
        int[] reference_ = CodePoints(reference);
        double logSum = 0;
        for (int n = 1; n <= 4; n++)
        {
            var (numerator, denominator) = ModifiedPrecision(hyp, reference_, n);
            if (n == 1 && numerator == 0)
                return 0;
            double precision = numerator == 0 ? SmallestNormalDouble : (double)numerator / denominator;
            logSum += 0.25 * Math.Log(precision);
        }
        return BrevityPenalty(reference_.Length, hyp.Length) * Math.Exp(logSum);
    }

    private static double BrevityPenalty(int referenceLength, int hypothesisLength)
    {
        if (hypothesisLength > referenceLength)
            return 1;
        if (hypothesisLength == 0)
            return 0;
        return Math.Exp(1 - (double)referenceLength / hypothesisLength);
    }

    private static (long Numerator, long Denominator) ModifiedPrecision(int[] hyp, int[] reference, int n)
    {
        var counts = NGramCounts(hyp, n);
        var referenceCounts = NGramCounts(reference, n);
        long clipped = 0;
        long total = 0;
        foreach (var (gram, count) in counts)
        {
            total += count;
            clipped += Math.Min(count, referenceCounts.GetValueOrDefault(gram));
        }
        return (clipped, Math.Max(1, total));
    }

    // A code point needs 21 bits, so four of them fit in an Int128 key.
    private static Dictionary<Int128, int> NGramCounts(int[] text, int n)
    {
        var counts = new Dictionary<Int128, int>();
        for (int i = 0; i + n <= text.Length; i++)
        {
            Int128 key = 0;
            for (int k = 0; k < n; k++)
                key = (key << 21) | text[i + k];
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts;
    }

    /// <summary>Python's view of a string: one element per code point (a lone surrogate counts as one).</summary>
    internal static int[] CodePoints(string text)
    {
        var result = new List<int>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                result.Add(char.ConvertToUtf32(text[i], text[i + 1]));
                i++;
            }
            else
                result.Add(text[i]);
        }
        return [.. result];
    }
}
