using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Raif.Evaluation.InfoBench;

/// <summary>
/// DRFR as upstream's <c>bool_ratio</c>: true verdicts over all verdicts recorded (a null — the unparseable reply
/// that stopped an item — counts as not true; questions never asked after it count nowhere). Easy and Hard use the
/// same rule over their subsets.
/// </summary>
public sealed record InfoBenchScores(double Drfr, double DrfrEasy, double DrfrHard, int Verdicts, int Unanswered)
{
    public static InfoBenchScores Compute(IReadOnlyList<InfoBenchItemEval> items) => new(
        Ratio(items),
        Ratio([.. items.Where(i => i.Subset == InfoBenchItem.EasySet)]),
        Ratio([.. items.Where(i => i.Subset == InfoBenchItem.HardSet)]),
        items.Sum(i => i.Eval.Count),
        items.Sum(i => i.Eval.Count(v => v is null)));

    public JsonObject ToJson() => new()
    {
        ["DRFR"] = Number(Drfr),
        ["DRFR_easy"] = Number(DrfrEasy),
        ["DRFR_hard"] = Number(DrfrHard),
    };

    public static JsonObject ItemJson(InfoBenchItemEval item) => new()
    {
        ["id"] = item.Id,
        ["subset"] = item.Subset,
        ["eval"] = new JsonArray([.. item.Eval.Select(v => v is { } b ? JsonValue.Create(b) : null)]),
    };

    public string Markdown(int items)
    {
        var md = new StringBuilder("# InfoBench\n\n");
        md.AppendLine(CultureInfo.InvariantCulture, $"{items} items, {Verdicts} verdicts, {Unanswered} unparseable replies (each ended its item, counted as NO).");
        md.AppendLine().AppendLine("| metric | value |").AppendLine("|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| DRFR | {Percent(Drfr)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| DRFR_easy | {Percent(DrfrEasy)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| DRFR_hard | {Percent(DrfrHard)} |");
        return md.ToString();
    }

    private static double Ratio(IReadOnlyList<InfoBenchItemEval> items)
    {
        int total = items.Sum(i => i.Eval.Count);
        int yes = items.Sum(i => i.Eval.Count(v => v == true));
        return total == 0 ? double.NaN : (double)yes / total;
    }

    private static JsonNode? Number(double value) => double.IsNaN(value) ? null : JsonValue.Create(value);

    private static string Percent(double value) => double.IsNaN(value) ? "–" : (100 * value).ToString("F2", CultureInfo.InvariantCulture);
}
