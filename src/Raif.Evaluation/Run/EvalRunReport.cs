namespace Raif.Evaluation.Run;

/// <summary>A run's outcome: the evaluated model, the prompting mode, and each benchmark's result in run order.</summary>
public sealed record EvalRunReport(string Policy, string Mode, IReadOnlyList<BenchmarkRunResult> Benchmarks)
{
    /// <summary>The mean of the benchmarks' headline numbers (Table 1's "Avg" over the benchmarks run).</summary>
    public double Average => Benchmarks.Count == 0 ? double.NaN : Benchmarks.Average(b => b.Result.Headline);
}
