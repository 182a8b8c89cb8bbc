using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Raif.Evaluation.CfBench;

/// <summary>CFBench's output files: one items.jsonl line per item and report.md.</summary>
public static class CfBenchReport
{
    public static JsonObject ItemJson(CfBenchItemScore item) => new()
    {
        ["id"] = item.Id,
        ["split"] = item.Split,
        ["judge_parsing"] = item.JudgeParsing,
        ["judge_score"] = new JsonArray([.. item.JudgeScore.Select(s => JsonValue.Create(s))]),
        ["CSR"] = item.Csr,
        ["ISR"] = item.Isr,
        ["PSR"] = item.Psr,
    };

    public static string Markdown(CfBenchRun run, CfBenchScores scores)
    {
        var md = new StringBuilder();
        md.AppendLine("# CFBench").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{run.Items.Count} items judged; parsing: {Count(run, CfBenchParsing.Strict)} strict, {Count(run, CfBenchParsing.Fallback)} fallback, {Count(run, CfBenchParsing.Failed)} failed.");
        md.AppendLine().AppendLine("Upstream reports each mean rounded to 2 places; scores.json keeps them unrounded.").AppendLine();
        md.AppendLine("| split | n | CSR | ISR | PSR | mean (paper's CFBench column) |").AppendLine("|---|---|---|---|---|---|");
        foreach (var (name, s) in new[] { ("easy", scores.Easy), ("hard", scores.Hard), ("full", scores.Full) })
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {s.Count} | {F(s.Csr)} | {F(s.Isr)} | {F(s.Psr)} | {(s.Count == 0 ? "–" : ((s.Csr + s.Isr + s.Psr) / 3 * 100).ToString("F2", CultureInfo.InvariantCulture))} |");
        }
        return md.ToString();
    }

    private static int Count(CfBenchRun run, string parsing) => run.Items.Count(i => i.JudgeParsing == parsing);

    private static string F(double value) => double.IsNaN(value) ? "–" : value.ToString("F4", CultureInfo.InvariantCulture);
}
