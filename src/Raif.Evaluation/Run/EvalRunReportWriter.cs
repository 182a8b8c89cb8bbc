using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Raif.Core.Jsonl;
using ScottPlot;

namespace Raif.Evaluation.Run;

/// <summary>
/// Writes a run's <c>report.md</c> (a Table-1-style row and each benchmark's scores), <c>report.json</c> (what
/// <c>raif eval compare</c> reads) and <c>report.png</c> (a bar chart of the headline numbers), each atomically. A
/// headline that cannot be computed (NaN: FollowBench on a <c>--limit</c> run that reaches only some constraint types)
/// is written as <c>null</c> / "n/a", and so is the average it takes part in; JSON has no NaN.
/// </summary>
public static class EvalRunReportWriter
{
    public const string JsonFile = "report.json";
    public const string MarkdownFile = "report.md";
    public const string ChartFile = "report.png";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(string outputDir, EvalRunReport report)
    {
        Directory.CreateDirectory(outputDir);
        AtomicFile.WriteAllText(Path.Combine(outputDir, JsonFile), ToJson(report).ToJsonString(Indented) + "\n");
        AtomicFile.WriteAllText(Path.Combine(outputDir, MarkdownFile), Markdown(report));
        if (report.Benchmarks.Count > 0)
            AtomicFile.WriteAllBytes(Path.Combine(outputDir, ChartFile), Chart(report));
    }

    public static JsonObject ToJson(EvalRunReport report) => new()
    {
        ["policy"] = report.Policy,
        ["mode"] = report.Mode,
        ["average"] = Number(report.Average),
        ["benchmarks"] = new JsonArray([.. report.Benchmarks.Select(b => (JsonNode)new JsonObject
        {
            ["name"] = b.Name,
            ["headline"] = Number(b.Result.Headline),
            ["headline_name"] = b.Result.HeadlineName,
            ["items"] = b.Items,
            ["generated"] = b.Generated,
            ["scores"] = b.Result.Scores.DeepClone(),
        })]),
    };

    public static string Markdown(EvalRunReport report)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Evaluation: {report.Policy} ({report.Mode})\n\n");
        md.Append("| model | mode | ").Append(string.Join(" | ", report.Benchmarks.Select(b => b.Name))).Append(" | Avg |\n");
        md.Append("|---|---|").Append(string.Concat(report.Benchmarks.Select(_ => "---|"))).Append("---|\n");
        md.Append(CultureInfo.InvariantCulture, $"| {report.Policy} | {report.Mode} | ");
        md.Append(string.Join(" | ", report.Benchmarks.Select(b => Format(b.Result.Headline))));
        md.Append(CultureInfo.InvariantCulture, $" | {Format(report.Average)} |\n\n");
        md.Append("Each number is the benchmark's metric in the paper's Table 1 (spec §9.1):\n\n");
        foreach (var b in report.Benchmarks)
            md.Append(CultureInfo.InvariantCulture, $"- **{b.Name}**: {b.Result.HeadlineName}, {b.Items} items ({b.Generated} generated in this run)\n");
        foreach (var b in report.Benchmarks)
        {
            md.Append(CultureInfo.InvariantCulture, $"\n## {b.Name}\n\n| score | value |\n|---|---|\n");
            foreach (var (path, value) in Flatten(b.Result.Scores, ""))
                md.Append(CultureInfo.InvariantCulture, $"| {path} | {value} |\n");
        }
        return md.ToString();
    }

    /// <summary>A headline as Table 1 shows it: two decimals, or "n/a" when it could not be computed.</summary>
    public static string Format(double value) => double.IsFinite(value) ? value.ToString("F2", CultureInfo.InvariantCulture) : "n/a";

    private static JsonValue? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    private static IEnumerable<(string Path, string Value)> Flatten(JsonNode? node, string prefix)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                    foreach (var row in Flatten(child, prefix.Length == 0 ? key : $"{prefix}.{key}"))
                        yield return row;
                break;
            case JsonArray:
                yield return (prefix, node.ToJsonString());
                break;
            case JsonValue value when value.TryGetValue(out double d):
                yield return (prefix, d.ToString("G6", CultureInfo.InvariantCulture));
                break;
            default:
                yield return (prefix, node?.ToJsonString() ?? "null");
                break;
        }
    }

    private static byte[] Chart(EvalRunReport report)
    {
        var plot = new Plot();
        var bars = report.Benchmarks.Select((b, i) => ChartBar(i, b.Result.Headline, Colors.SteelBlue)).ToList();
        bars.Add(ChartBar(bars.Count, report.Average, Colors.Gray));
        plot.Add.Bars(bars);
        var ticks = report.Benchmarks.Select((b, i) => new Tick(i, b.Name)).Append(new Tick(report.Benchmarks.Count, "Avg")).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.SetLimitsY(0, 100);
        plot.Title($"{report.Policy} ({report.Mode})");
        plot.YLabel("Table 1 metric (%)");
        return plot.GetImageBytes(120 + 90 * bars.Count, 420, ImageFormat.Png);
    }

    // A number that could not be computed gets an empty bar labelled n/a rather than a NaN the plot cannot draw.
    private static Bar ChartBar(int position, double value, Color color) => double.IsFinite(value)
        ? new Bar { Position = position, Value = value, FillColor = color, Label = value.ToString("F1", CultureInfo.InvariantCulture) }
        : new Bar { Position = position, Value = 0, FillColor = color, Label = "n/a" };
}
