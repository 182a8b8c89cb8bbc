namespace Raif.Cli.Commands;

/// <summary>One server's load run of one workload in one round of <c>raif bench serve --rounds</c>.</summary>
internal sealed record ServeBenchResult(int Round, string Target, string Workload, double WallSeconds, double P99Ms);

/// <summary>Every round's ratio of one server against the first server, for one workload, and their medians.</summary>
internal sealed record PairedRatios(string Target, string Workload, double[] Throughput, double[] P99)
{
    public double MedianThroughput => Median(Throughput);

    public double MedianP99 => Median(P99);

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

/// <summary>
/// Rounds of a before/after serve comparison. The sandbox's speed moves by up to 2x within minutes, more than the
/// changes being measured, and one run of each build compares whatever phases they happened to meet. So the servers
/// run in rounds, each round in the opposite order to the one before (a slow phase hits the before and the after
/// alike), every ratio is taken within its round (paired), and the median of the paired ratios is the summary.
/// </summary>
internal static class ServeBenchRounds
{
    /// <summary>The order of <paramref name="targets"/> servers in round <paramref name="round"/> (from 0): as given, then reversed, and so on.</summary>
    public static int[] Order(int targets, int round) =>
        round % 2 == 0 ? [.. Enumerable.Range(0, targets)] : [.. Enumerable.Range(0, targets).Reverse()];

    /// <summary>
    /// For each server but <paramref name="reference"/> and each workload, the throughput ratio (reference wall /
    /// its wall) and the p99 ratio (its p99 / reference p99) of every round in which both ran.
    /// </summary>
    public static List<PairedRatios> Ratios(IReadOnlyList<ServeBenchResult> results, string reference)
    {
        var ratios = new List<PairedRatios>();
        foreach (var group in results.Where(r => r.Target != reference).GroupBy(r => (r.Target, r.Workload)))
        {
            var pairs = group
                .Select(r => (Result: r, Reference: results.FirstOrDefault(b => b.Target == reference && b.Workload == r.Workload && b.Round == r.Round)))
                .Where(p => p.Reference is not null)
                .OrderBy(p => p.Result.Round)
                .ToList();
            if (pairs.Count > 0)
            {
                ratios.Add(new PairedRatios(group.Key.Target, group.Key.Workload,
                    [.. pairs.Select(p => p.Reference!.WallSeconds / p.Result.WallSeconds)],
                    [.. pairs.Select(p => p.Result.P99Ms / p.Reference!.P99Ms)]));
            }
        }
        return ratios;
    }
}
