namespace Raif.Evaluation.Numerics;

/// <summary>
/// <c>numpy.mean</c> of a float64 vector: numpy's pairwise summation (blocks of 128 with eight accumulators,
/// recursive halving above), then division by the count. A plain running sum can differ in the last bit, which
/// matters when the official script rounds the mean to two places.
/// </summary>
public static class NumpyMean
{
    private const int BlockSize = 128;

    /// <summary>The mean, or NaN for an empty vector (numpy warns and returns nan).</summary>
    public static double Mean(IReadOnlyList<double> values) =>
        values.Count == 0 ? double.NaN : PairwiseSum(values, 0, values.Count) / values.Count;

    public static double PairwiseSum(IReadOnlyList<double> a, int start, int n)
    {
        if (n < 8)
        {
            double sum = 0.0;
            for (int i = 0; i < n; i++)
                sum += a[start + i];
            return sum;
        }
        if (n <= BlockSize)
        {
            Span<double> r = stackalloc double[8];
            for (int j = 0; j < 8; j++)
                r[j] = a[start + j];
            int i = 8;
            for (; i < n - (n % 8); i += 8)
            {
                for (int j = 0; j < 8; j++)
                    r[j] += a[start + i + j];
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++)
                res += a[start + i];
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return PairwiseSum(a, start, n2) + PairwiseSum(a, start + n2, n - n2);
    }
}
