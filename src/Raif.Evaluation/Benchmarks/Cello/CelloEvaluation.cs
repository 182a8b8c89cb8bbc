using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Raif.Core.Jsonl;
using Raif.Evaluation.Responses;

namespace Raif.Evaluation.Benchmarks.Cello;

/// <summary>One scored result row.</summary>
public sealed record CelloItem(CelloResultRow Row, CelloItemScores Scores);

/// <summary>Per-task column means and the two upstream score tables for one model.</summary>
public sealed record CelloScores(
    IReadOnlyDictionary<string, double[]> TaskColumns,
    IReadOnlyDictionary<string, double> ByConstraints,
    IReadOnlyDictionary<string, double> ByTasks,
    int EvaluatedIds);

/// <summary>
/// CELLO scoring of one model as upstream <c>code/score.py</c> does it: each row is matched to the first data sample
/// of its task with the same <c>Instruction_id</c>; only ids the model answered (a <c>model_answer</c> that is not
/// null or a float) are scored; per task the four columns are NaN-skipping means and the task's score is the
/// NaN-skipping mean of those; <c>by_constraints</c> is the NaN-skipping mean of each column over the task rows,
/// whose <c>Average</c> upstream then replaces with the task table's; <c>by_tasks</c> merges the three Structure
/// tasks (pandas mean), and <c>Average</c> = (mean of the 5 complex-instruction tasks + mean of the 6
/// complex-input tasks) / 2. Upstream intersects ids across all models it scores together (all 523 with its 35
/// models); scoring one model alone, the intersection is that model's own answered ids.
/// </summary>
public static class CelloEvaluation
{
    public static readonly string[] ConstraintColumns = ["format_score", "input_score", "task_score", "count_limit_score"];

    private static readonly string[] ComplexInstructionTasks = ["extraction", "Planning", "meta_prompt", "brainstorming_single_round", "writing_single_round"];
    private static readonly string[] ComplexInputTasks = ["keywords_extraction", "closed_qa", "Summarization", "Structure", "brainstorming_multi_rounds", "writing_multi_rounds"];

    /// <summary>Reads <c>data/&lt;task&gt;.json</c> for the 13 tasks.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<CelloSample>> ReadData(string dataDir)
    {
        string folder = Directory.Exists(Path.Combine(dataDir, "data")) ? Path.Combine(dataDir, "data") : dataDir;
        var data = new Dictionary<string, IReadOnlyList<CelloSample>>(StringComparer.Ordinal);
        foreach (string task in CelloFiles.Tasks)
        {
            string path = Path.Combine(folder, task + ".json");
            if (!File.Exists(path))
                throw new FileNotFoundException($"CELLO data file not found: {path}", path);
            data[task] = CelloFiles.ReadData(path);
        }
        return data;
    }

    /// <summary>Reads a folder of upstream <c>res_&lt;task&gt;.json</c> files (one per task).</summary>
    public static IReadOnlyList<CelloResultRow> ReadResultFolder(string folder)
    {
        var rows = new List<CelloResultRow>();
        foreach (string task in CelloFiles.Tasks)
        {
            string path = Path.Combine(folder, $"res_{task}.json");
            if (!File.Exists(path))
                throw new FileNotFoundException($"CELLO result file not found: {path} (a folder of res_<task>.json, one per task file)", path);
            rows.AddRange(CelloFiles.ReadResults(path, task));
        }
        return rows;
    }

    /// <summary>
    /// Raif's uniform JSONL (<c>{"id": Instruction_id, "response": ...}</c>): each data sample gets the response for
    /// its id, with the histories a published result row would carry (earlier turns + the current one, so revise
    /// compares the answer with itself as upstream's published runs do) and the sample's own <c>input_text</c>.
    /// </summary>
    public static IReadOnlyList<CelloResultRow> FromUniformResponses(string path, IReadOnlyDictionary<string, IReadOnlyList<CelloSample>> data) =>
        FromResponses(ResponseFiles.ReadJsonl(path, "id", "response").ById, data);

    /// <summary>Responses by <c>Instruction_id</c> as result rows (see <see cref="FromUniformResponses"/>).</summary>
    public static IReadOnlyList<CelloResultRow> FromResponses(IReadOnlyDictionary<string, string> responses, IReadOnlyDictionary<string, IReadOnlyList<CelloSample>> data)
    {
        var rows = new List<CelloResultRow>();
        foreach (string task in CelloFiles.Tasks)
        {
            int index = 0;
            foreach (var sample in data[task])
            {
                if (!responses.TryGetValue(sample.InstructionId, out string? response))
                    continue;
                string? inputText = sample.Source.Value.TryGetProperty("input_text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                rows.Add(new CelloResultRow(task, index++, sample.InstructionId, response, false, new CelloHistoryTail(true, response), inputText));
            }
        }
        return rows;
    }

    public static (IReadOnlyList<CelloItem> Items, CelloScores Scores) Evaluate(
        IReadOnlyDictionary<string, IReadOnlyList<CelloSample>> data,
        IReadOnlyList<CelloResultRow> rows,
        CancellationToken cancellationToken = default)
    {
        var dataIds = new HashSet<string>(data.Values.SelectMany(s => s).Select(s => s.InstructionId), StringComparer.Ordinal);
        var answered = new HashSet<string>(rows.Where(r => !r.AnswerIsNullOrFloat && dataIds.Contains(r.InstructionId)).Select(r => r.InstructionId), StringComparer.Ordinal);

        var firstById = data.ToDictionary(
            kv => kv.Key,
            kv => kv.Value.GroupBy(s => s.InstructionId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal),
            StringComparer.Ordinal);

        var items = new List<CelloItem>();
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!answered.Contains(row.InstructionId) || !firstById[row.Task].TryGetValue(row.InstructionId, out var sample))
                continue;
            items.Add(new CelloItem(row, CelloScorer.Score(row.Answer, row.History, row.InputText, sample)));
        }
        return (items, Aggregate(items, answered.Count));
    }

    internal static CelloScores Aggregate(IReadOnlyList<CelloItem> items, int evaluatedIds)
    {
        var taskColumns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var taskAverage = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string task in CelloFiles.Tasks)
        {
            var rows = items.Where(i => i.Row.Task == task).Select(i => i.Scores).ToList();
            if (rows.Count == 0)
                continue; // upstream skips a task with no scored row
            double[] columns =
            [
                CelloScorer.NanMean([.. rows.Select(r => r.Format)]),
                CelloScorer.NanMean([.. rows.Select(r => r.Input)]),
                CelloScorer.NanMean([.. rows.Select(r => r.Task)]),
                CelloScorer.NanMean([.. rows.Select(r => r.CountLimit)]),
            ];
            taskColumns[task] = columns;
            taskAverage[task] = CelloScorer.NanMean(columns);
        }

        var byConstraints = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int c = 0; c < ConstraintColumns.Length; c++)
            byConstraints[ConstraintColumns[c]] = CelloScorer.NanMean([.. taskColumns.Values.Select(v => v[c])]);

        var byTasks = new Dictionary<string, double>(StringComparer.Ordinal);
        double TaskOrNaN(string t) => taskAverage.GetValueOrDefault(t, double.NaN);
        foreach (string t in ComplexInstructionTasks)
            byTasks[t] = TaskOrNaN(t);
        byTasks["Ave_complex_ins"] = CelloScorer.NanMean([.. ComplexInstructionTasks.Select(TaskOrNaN)]);
        byTasks["Structure"] = CelloScorer.NanMean(TaskOrNaN("Structure_hard"), TaskOrNaN("Structure_simple"), TaskOrNaN("Structure_None"));
        foreach (string t in ComplexInputTasks)
            byTasks[t] = t == "Structure" ? byTasks["Structure"] : TaskOrNaN(t);
        byTasks["Ave_complex_input"] = CelloScorer.NanMean([.. ComplexInputTasks.Select(t => byTasks[t])]);
        byTasks["Average"] = (byTasks["Ave_complex_ins"] + byTasks["Ave_complex_input"]) / 2;
        byConstraints["Average"] = byTasks["Average"];
        return new CelloScores(taskColumns, byConstraints, byTasks, evaluatedIds);
    }

    /// <summary>The by_tasks columns in upstream's CSV order.</summary>
    public static readonly string[] ByTasksColumns =
    [
        "extraction", "Planning", "meta_prompt", "brainstorming_single_round", "writing_single_round", "Ave_complex_ins",
        "keywords_extraction", "closed_qa", "Summarization", "Structure", "brainstorming_multi_rounds", "writing_multi_rounds",
        "Ave_complex_input", "Average",
    ];

    public static JsonObject ItemJson(CelloItem item) => new()
    {
        ["task"] = item.Row.Task,
        ["row_index"] = item.Row.RowIndex,
        ["Instruction_id"] = item.Row.InstructionId,
        ["format_score"] = NumberOrNull(item.Scores.Format),
        ["input_score"] = NumberOrNull(item.Scores.Input),
        ["task_score"] = NumberOrNull(item.Scores.Task),
        ["count_limit_score"] = NumberOrNull(item.Scores.CountLimit),
    };

    public static JsonObject ScoresJson(CelloScores scores)
    {
        var byConstraints = new JsonObject();
        foreach (string c in ConstraintColumns.Append("Average"))
            byConstraints[c] = NumberOrNull(scores.ByConstraints[c]);
        var byTasks = new JsonObject();
        foreach (string c in ByTasksColumns)
            byTasks[c] = NumberOrNull(scores.ByTasks[c]);
        return new JsonObject
        {
            ["by_constraints"] = byConstraints,
            ["by_tasks"] = byTasks,
            ["evaluated_ids"] = scores.EvaluatedIds,
        };
    }

    public static string Report(CelloScores scores, int rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# CELLO").AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{rows} result rows scored over {scores.EvaluatedIds} answered ids. Table 1 reports `Average` (×100).").AppendLine();
        sb.AppendLine("| " + string.Join(" | ", ConstraintColumns.Append("Average")) + " |");
        sb.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", 5)));
        sb.AppendLine("| " + string.Join(" | ", ConstraintColumns.Append("Average").Select(c => Format(scores.ByConstraints[c]))) + " |").AppendLine();
        sb.AppendLine("| " + string.Join(" | ", ByTasksColumns) + " |");
        sb.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", ByTasksColumns.Length)));
        sb.AppendLine("| " + string.Join(" | ", ByTasksColumns.Select(c => Format(scores.ByTasks[c]))) + " |");
        return sb.ToString();
    }

    private static string Format(double v) => double.IsNaN(v) ? "NaN" : v.ToString("0.000", CultureInfo.InvariantCulture);

    internal static JsonNode? NumberOrNull(double v) => double.IsNaN(v) ? null : JsonValue.Create(v);
}
