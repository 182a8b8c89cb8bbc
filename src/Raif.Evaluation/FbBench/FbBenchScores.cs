using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Raif.Evaluation.Numerics;
using Raif.Evaluation.Python;

namespace Raif.Evaluation.FbBench;

/// <summary>Error-correction, response-maintenance and overall scores of one group of items (null where upstream has None).</summary>
public sealed record FbBenchTriple(double? ErrorCorrection, double? ResponseMaintenance, double? Overall)
{
    public JsonObject ToJson() => new()
    {
        ["error_correction"] = ErrorCorrection,
        ["response_maintenance"] = ResponseMaintenance,
        ["overall"] = Overall,
    };
}

/// <summary>
/// FB-Bench's scores as upstream's <c>get_avg_score</c> (mode "type"): the mean score of each bench_type × task_type
/// cell with items, the macro average of those cells (error correction: its cells; response maintenance: its cells;
/// overall: all), rounded to 4 places, times 100, and None where the result is 0 or there are no cells. The tables
/// regroup items as upstream's analysis notebook does (per task type, per error type, per feedback type).
/// </summary>
public sealed record FbBenchScores(
    FbBenchTriple Headline,
    double? EcMinusRm,
    IReadOnlyList<(string Name, FbBenchTriple Scores)> PerTask,
    IReadOnlyList<(string Name, FbBenchTriple Scores)> PerError,
    IReadOnlyList<(string Name, FbBenchTriple Scores)> PerFeedbackCorrect,
    IReadOnlyList<(string Name, FbBenchTriple Scores)> PerFeedbackAntisyco,
    int Judged,
    int Unjudged)
{
    public static FbBenchScores Compute(IReadOnlyList<FbBenchItemScore> results)
    {
        // Upstream reads its judgment file, which reorg_file sorts by user_query; items without a judgment are absent.
        var judged = results.Where(r => r.Judged)
            .OrderBy(r => r.Item.UserQuery, CodePointComparer.Instance)
            .ToList();
        var headline = Average(judged);
        double? ecMinusRm = headline.ErrorCorrection is { } ec && headline.ResponseMaintenance is { } rm ? ec - rm : null;
        var ecItems = judged.Where(r => r.Item.BenchType == FbBenchItem.ErrorCorrection).ToList();
        var rmItems = judged.Where(r => r.Item.BenchType == FbBenchItem.ResponseMaintenance).ToList();
        return new FbBenchScores(
            headline,
            ecMinusRm,
            Table(FbBenchItem.TaskTypes, name => judged.Where(r => r.Item.TaskType == name)),
            Table(FbBenchItem.ErrorTypeNames, name => ecItems.Where(r => Member(r, r.Item.ErrorTypes, FbBenchItem.ErrorTypeNames, "error_type", name))),
            Table(FbBenchItem.FeedbackTypesCorrect, name => ecItems.Where(r => Member(r, r.Item.FeedbackTypes, FbBenchItem.FeedbackTypesCorrect, "feedback_type", name))),
            Table(FbBenchItem.FeedbackTypesAntisyco, name => rmItems.Where(r => Member(r, r.Item.FeedbackTypes, FbBenchItem.FeedbackTypesAntisyco, "feedback_type", name))),
            judged.Count,
            results.Count - judged.Count);
    }

    /// <summary>Upstream's <c>get_avg_score(data, 4, 'type')</c> as <c>show_results.py</c> has it (×100 without further rounding).</summary>
    public static FbBenchTriple Average(IReadOnlyList<FbBenchItemScore> data)
    {
        var correct = FbBenchItem.TaskTypes.Select(t => data.Where(r => r.Item.BenchType == FbBenchItem.ErrorCorrection && r.Item.TaskType == t).Select(r => r.PyScore!.Value).ToList()).ToList();
        var antisyco = FbBenchItem.TaskTypes.Select(t => data.Where(r => r.Item.BenchType == FbBenchItem.ResponseMaintenance && r.Item.TaskType == t).Select(r => r.PyScore!.Value).ToList()).ToList();
        var all = correct.Concat(antisyco).Where(c => c.Count > 0).ToList();
        return new FbBenchTriple(
            Scaled(MacroAverage([.. correct.Where(c => c.Count > 0)])),
            Scaled(MacroAverage([.. antisyco.Where(c => c.Count > 0)])),
            Scaled(MacroAverage(all)));
    }

    public JsonObject ToJson() => new()
    {
        ["error_correction"] = Headline.ErrorCorrection,
        ["response_maintenance"] = Headline.ResponseMaintenance,
        ["overall"] = Headline.Overall,
        ["ec_minus_rm"] = EcMinusRm,
        ["judged"] = Judged,
        ["unjudged"] = Unjudged,
        ["per_task"] = TableJson(PerTask),
        ["per_error"] = TableJson(PerError),
        ["per_feedback_correct"] = TableJson(PerFeedbackCorrect),
        ["per_feedback_antisyco"] = TableJson(PerFeedbackAntisyco),
    };

    public static JsonObject ItemJson(FbBenchItemScore r) => new()
    {
        ["id"] = r.Id,
        ["bench_type"] = r.Item.BenchType,
        ["task_type"] = r.Item.TaskType,
        ["score"] = r.Score,
        ["judge_replies"] = r.Replies,
        ["problem"] = r.LastProblem,
    };

    public string Markdown()
    {
        var md = new StringBuilder("# FB-Bench\n\n");
        md.AppendLine(CultureInfo.InvariantCulture, $"{Judged} items judged; {Unjudged} without a valid judgement after upstream's tries (left out of every average, as upstream).");
        md.AppendLine().AppendLine("| metric | value |").AppendLine("|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| error_correction | {F(Headline.ErrorCorrection)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| response_maintenance | {F(Headline.ResponseMaintenance)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| overall | {F(Headline.Overall)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| ec_minus_rm | {F(EcMinusRm)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| paper's FB-Bench column (mean of EC and RM) | {F(Headline.ErrorCorrection is { } a && Headline.ResponseMaintenance is { } b ? (a + b) / 2 : null)} |");
        foreach (var (title, table) in new[] { ("per task type", PerTask), ("per error type", PerError), ("per feedback type (error correction)", PerFeedbackCorrect), ("per feedback type (response maintenance)", PerFeedbackAntisyco) })
        {
            md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## {title}").AppendLine();
            md.AppendLine("| type | error_correction | response_maintenance | overall |").AppendLine("|---|---|---|---|");
            foreach (var (name, s) in table)
                md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {F(s.ErrorCorrection)} | {F(s.ResponseMaintenance)} | {F(s.Overall)} |");
        }
        return md.ToString();
    }

    // get_avg_score_of_nest_list: each cell's sum(cell)/len(cell), the sum of those over their count, rounded to 4
    // places; sums as CPython 3.12's sum() (see PythonSum).
    private static double? MacroAverage(IReadOnlyList<List<PyNumber>> cells)
    {
        if (cells.Count == 0)
            return null;
        var means = cells.Select(cell => PyNumber.Float(PythonSum.Sum(cell).Value / cell.Count)).ToList();
        return PythonRound.Round(PythonSum.Sum(means).Value / cells.Count, 4);
    }

    // "x * 100 if x else None": a zero average becomes None too.
    private static double? Scaled(double? value) => value is { } v && v != 0 ? v * 100 : null;

    private static List<(string, FbBenchTriple)> Table(IReadOnlyList<string> names, Func<string, IEnumerable<FbBenchItemScore>> members) =>
        [.. names.Order(CodePointComparer.Instance).Select(name => (name, Average([.. members(name)])))];

    private static bool Member(FbBenchItemScore r, IReadOnlyList<string> types, IReadOnlyList<string> known, string field, string name)
    {
        foreach (string t in types)
        {
            if (!known.Contains(t))
                throw new InvalidDataException($"FB-Bench item {r.Id}: {field} '{t}' is none of upstream's ({string.Join(", ", known)})");
        }
        return types.Contains(name);
    }

    private static JsonObject TableJson(IReadOnlyList<(string Name, FbBenchTriple Scores)> table)
    {
        var json = new JsonObject();
        foreach (var (name, s) in table)
            json[name] = s.ToJson();
        return json;
    }

    private static string F(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "–";
}
