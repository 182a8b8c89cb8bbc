namespace Raif.Data.Seeds;

/// <summary>
/// How a MinHash signature is cut into LSH bands: <see cref="Bands"/> bands of <see cref="Rows"/> slots. Two texts
/// of Jaccard similarity s share at least one band with probability <c>1 − (1 − s^r)^b</c>, an S-curve whose
/// steep part sits near the threshold. <see cref="ForThreshold"/> picks (b, r) as datasketch's
/// <c>_optimal_param</c> does, the pair with b·r ≤ permutations minimising the weighted area of false positives
/// below the threshold plus false negatives above it, but with weights 0.1/0.9 instead of datasketch's 0.5/0.5:
/// every candidate is confirmed by its exact similarity, so a false positive costs one comparison while a false
/// negative lets a duplicate through. (For 0.8 and 128 slots this gives 14 bands of 9 rows: pairs at 0.8 are
/// candidates with probability 0.87, pairs at 0.9 with 0.998.)
/// </summary>
public sealed record LshBands(int Bands, int Rows)
{
    private const double FalsePositiveWeight = 0.1;

    /// <summary>The probability that two texts of Jaccard similarity <paramref name="s"/> become candidates.</summary>
    public double CandidateProbability(double s) => 1 - Math.Pow(1 - Math.Pow(s, Rows), Bands);

    public static LshBands ForThreshold(double threshold, int permutations)
    {
        if (!(threshold is > 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "the Jaccard threshold must be in (0, 1]");
        LshBands best = new(1, permutations);
        double bestError = double.MaxValue;
        for (int b = 1; b <= permutations; b++)
        {
            for (int r = 1; b * r <= permutations; r++)
            {
                var candidate = new LshBands(b, r);
                double falsePositive = Integrate(s => candidate.CandidateProbability(s), 0, threshold);
                double falseNegative = Integrate(s => 1 - candidate.CandidateProbability(s), threshold, 1);
                double error = FalsePositiveWeight * falsePositive + (1 - FalsePositiveWeight) * falseNegative;
                if (error < bestError)
                {
                    bestError = error;
                    best = candidate;
                }
            }
        }
        return best;
    }

    // Midpoint rule; the integrands are smooth and the choice only ranks candidates.
    private static double Integrate(Func<double, double> f, double from, double to, int steps = 200)
    {
        double width = (to - from) / steps, sum = 0;
        for (int i = 0; i < steps; i++)
            sum += f(from + (i + 0.5) * width);
        return sum * width;
    }
}
