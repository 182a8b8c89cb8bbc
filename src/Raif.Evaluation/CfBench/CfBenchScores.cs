using System.Text.Json.Nodes;
using Raif.Evaluation.Numerics;

namespace Raif.Evaluation.CfBench;

/// <summary>CSR, ISR and PSR averaged over a split (upstream <c>_scores</c>, before its rounding to 2 places).</summary>
public sealed record CfBenchSplitScores(int Count, double Csr, double Isr, double Psr)
{
    public JsonObject ToJson() => new()
    {
        ["CSR"] = Number(Csr),
        ["ISR"] = Number(Isr),
        ["PSR"] = Number(Psr),
        ["count"] = Count,
    };

    private static JsonNode? Number(double value) => double.IsNaN(value) ? null : JsonValue.Create(value);
}

/// <summary>CFBench's headline scores: easy, hard and full, each {CSR, ISR, PSR} (NaN, written null, for an empty split).</summary>
public sealed record CfBenchScores(CfBenchSplitScores Easy, CfBenchSplitScores Hard, CfBenchSplitScores Full)
{
    /// <summary>Averages in <paramref name="upstreamOrder"/> (the order upstream's result list has), with numpy's mean.</summary>
    public static CfBenchScores Compute(IReadOnlyList<CfBenchItemScore> upstreamOrder) => new(
        Split(upstreamOrder.Where(i => i.Split == "easy").ToList()),
        Split(upstreamOrder.Where(i => i.Split == "hard").ToList()),
        Split(upstreamOrder));

    public JsonObject ToJson() => new()
    {
        ["easy"] = Easy.ToJson(),
        ["hard"] = Hard.ToJson(),
        ["full"] = Full.ToJson(),
    };

    private static CfBenchSplitScores Split(IReadOnlyList<CfBenchItemScore> items) => new(
        items.Count,
        NumpyMean.Mean([.. items.Select(i => i.Csr)]),
        NumpyMean.Mean([.. items.Select(i => (double)i.Isr)]),
        NumpyMean.Mean([.. items.Select(i => (double)i.Psr)]));
}
