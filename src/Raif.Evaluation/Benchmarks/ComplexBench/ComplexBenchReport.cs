using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Raif.Evaluation.Benchmarks.ComplexBench;

/// <summary>ComplexBench's output files: per-entry verdicts, upstream's <c>statistics</c> and a short report.</summary>
public static class ComplexBenchReport
{
    /// <summary>
    /// upstream <c>aggregation</c> over the scored entries, in data order. Statistics upstream cannot compute on these
    /// entries (it divides by zero, e.g. no Selection group in a partial run) are null.
    /// </summary>
    public static JsonObject Scores(IReadOnlyList<ComplexBenchItemResult> results) =>
        ComplexBenchAggregation.Statistics([.. results.Select(r => r.Item.Entry)], [.. results.Select(r => r.PointJudgesRely)], undefinedAsNull: true);

    public static JsonObject ItemJson(ComplexBenchItemResult result) => new()
    {
        ["id"] = result.Item.Id,
        ["category"] = result.Item.Entry.Category,
        ["task_types"] = result.Item.Entry.TaskTypes,
        ["point_judges"] = new JsonArray([.. result.PointJudges.Select(ComplexBenchAggregation.VerdictJson)]),
        ["point_judges_rely"] = new JsonArray([.. result.PointJudgesRely.Select(ComplexBenchAggregation.VerdictJson)]),
        ["rs"] = new JsonArray([.. result.Spans.Select(s => s is null ? null : (JsonNode)new JsonArray([.. s.Select(x => JsonValue.Create(x))]))]),
    };

    public static string Markdown(IReadOnlyList<ComplexBenchItemResult> results, JsonObject scores)
    {
        int questions = results.Sum(r => r.PointJudges.Count);
        int rule = results.Sum(r => r.Spans.Count(s => s is not null));
        int undecidable = results.Sum(r => r.PointJudges.Count(v => v == ComplexBenchVerdict.Undecidable));
        int failedByDependency = results.Sum(r => r.PointJudges.Zip(r.PointJudgesRely).Count(p => p.First != ComplexBenchVerdict.False && p.Second == ComplexBenchVerdict.False));
        var md = new StringBuilder("# ComplexBench\n\n");
        md.AppendLine(CultureInfo.InvariantCulture,
            $"{results.Count} instructions, {questions} scoring questions ({rule} by extractor + rule, {questions - rule} by the judge); {undecidable} rule verdicts 2 (not decidable); {failedByDependency} failed by a failed dependency.");
        md.AppendLine().AppendLine("| metric | value |").AppendLine("|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| overall_drfr | {Percent(scores["overall_drfr"])} |");
        foreach (var (name, value) in (JsonObject)scores["categorized_avg_drfr"]!)
            md.AppendLine(CultureInfo.InvariantCulture, $"| categorized_avg_drfr.{name} | {Percent(value)} |");
        foreach (string name in new[] { "single_origin_test", "single_coherent_test", "multiple_origin_test", "multiple_coherent_test" })
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {Percent(scores[name])} |");
        md.AppendLine().AppendLine("Values in percent; – = not computable on these entries. Full statistics in scores.json.");
        return md.ToString();
    }

    private static string Percent(JsonNode? value) =>
        value is null ? "–" : (100 * value.GetValue<double>()).ToString("F2", CultureInfo.InvariantCulture);
}
