using System.Text.Json.Nodes;
using Raif.Evaluation.Run;

namespace Raif.Evaluation.Tests.Run;

/// <summary>The run report when a benchmark's Table 1 number cannot be computed (NaN, which JSON cannot hold).</summary>
public sealed class EvalRunReportWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-evalrun-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_headline_that_could_not_be_computed_is_null_and_n_a_and_compare_reads_it_back()
    {
        var report = new EvalRunReport("m", "io",
        [
            new BenchmarkRunResult("ifeval", 2, 2, new BenchmarkResult(50.0, "prompt-level loose accuracy", new JsonObject { ["prompt_loose"] = 0.5 })),
            new BenchmarkRunResult("followbench", 2, 2, new BenchmarkResult(double.NaN, "mean of 22 numbers", new JsonObject())),
        ]);

        EvalRunReportWriter.Write(_dir, report);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, EvalRunReportWriter.JsonFile)))!;
        Assert.Equal(50.0, json["benchmarks"]![0]!["headline"]!.GetValue<double>(), 1e-12);
        Assert.True(json["benchmarks"]![1]!.AsObject().ContainsKey("headline"));
        Assert.Null(json["benchmarks"]![1]!["headline"]);
        Assert.Null(json["average"]); // a mean over a missing number is missing too
        string md = File.ReadAllText(Path.Combine(_dir, EvalRunReportWriter.MarkdownFile));
        Assert.Contains("| m | io | 50.00 | n/a | n/a |", md);
        Assert.True(new FileInfo(Path.Combine(_dir, EvalRunReportWriter.ChartFile)).Length > 0);

        var summary = EvalRunComparison.Load(_dir);
        Assert.Equal(50.0, summary.Headlines["ifeval"], 1e-12);
        Assert.True(double.IsNaN(summary.Headlines["followbench"]));
    }
}
