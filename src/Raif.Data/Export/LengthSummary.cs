namespace Raif.Data.Export;

/// <summary>Mean, standard deviation (population), minimum, median and maximum of a set of lengths.</summary>
public sealed record LengthSummary(long Count, double Mean, double StdDev, long Min, double Median, long Max)
{
    public static LengthSummary Of(IReadOnlyCollection<long> values)
    {
        if (values.Count == 0)
            return new LengthSummary(0, double.NaN, double.NaN, 0, double.NaN, 0);
        long[] sorted = [.. values.Order()];
        double mean = sorted.Average();
        double variance = sorted.Sum(v => (v - mean) * (v - mean)) / sorted.Length;
        int mid = sorted.Length / 2;
        double median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
        return new LengthSummary(sorted.Length, mean, Math.Sqrt(variance), sorted[0], median, sorted[^1]);
    }
}
