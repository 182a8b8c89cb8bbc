using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Evaluation.Responses;

namespace Raif.Evaluation.Benchmarks.Cello;

/// <summary>A CELLO data sample (<c>data/&lt;task&gt;.json</c>): its id, language and four constraint lists.</summary>
public sealed record CelloSample(
    string InstructionId,
    string Lang,
    IReadOnlyList<CelloCriterion> AnswerFormat,
    IReadOnlyList<CelloCriterion> InputDependentQuery,
    IReadOnlyList<CelloCriterion> TaskPrescribedPhrases,
    IReadOnlyList<CelloCriterion> CountLimit,
    JsonlLine Source)
{
    public JsonlException Error(string field, string problem) => Source.Error(field, problem);
}

/// <summary>One upstream result row (<c>res_&lt;task&gt;.json</c>); <see cref="Answer"/> is null where <c>model_answer</c> is not a string.</summary>
public sealed record CelloResultRow(
    string Task,
    int RowIndex,
    string InstructionId,
    string? Answer,
    bool AnswerIsNullOrFloat,
    CelloHistoryTail History,
    string? InputText);

/// <summary>Reads CELLO's data files and upstream-format result folders, with errors naming file, line and field.</summary>
public static class CelloFiles
{
    /// <summary>The 13 task files, in the order upstream's scores/*_by_tasks.csv lists them before merging Structure.</summary>
    public static readonly IReadOnlyList<string> Tasks =
    [
        "extraction", "Planning", "meta_prompt", "brainstorming_single_round", "writing_single_round",
        "keywords_extraction", "closed_qa", "Summarization", "Structure_hard", "Structure_simple", "Structure_None",
        "brainstorming_multi_rounds", "writing_multi_rounds",
    ];

    public static IReadOnlyList<CelloSample> ReadData(string path) =>
        [.. JsonArrayFile.Read(path).Select(ParseSample)];

    private static CelloSample ParseSample(JsonlLine line)
    {
        if (line.Value.ValueKind != JsonValueKind.Object)
            throw line.Error(null, $"expected a sample object, found {JsonKind.Describe(line.Value.ValueKind)}");
        return new CelloSample(
            line.RequiredString("Instruction_id"),
            line.RequiredString("lang"),
            Criteria(line, "Answer_format"),
            Criteria(line, "Input_depdent_query"),
            Criteria(line, "Task_prescribed_phrases"),
            Criteria(line, "Count_limit"),
            line);
    }

    private static List<CelloCriterion> Criteria(JsonlLine line, string field)
    {
        if (!line.Value.TryGetProperty(field, out var list) || list.ValueKind != JsonValueKind.Array)
            throw line.Error(field, "expected a list of {criterion, limit}");
        var result = new List<CelloCriterion>();
        foreach (var entry in list.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object
                || !entry.TryGetProperty("criterion", out var name) || name.ValueKind != JsonValueKind.String
                || !entry.TryGetProperty("limit", out var limit))
                throw line.Error(field, "each entry needs a string 'criterion' and a 'limit'");
            result.Add(new CelloCriterion(name.GetString()!, limit.Clone()));
        }
        return result;
    }

    public static IReadOnlyList<CelloResultRow> ReadResults(string path, string task)
    {
        var rows = new List<CelloResultRow>();
        int index = 0;
        foreach (var line in JsonArrayFile.Read(path))
        {
            if (line.Value.ValueKind != JsonValueKind.Object)
                throw line.Error(null, $"expected a result object, found {JsonKind.Describe(line.Value.ValueKind)}");
            string id = line.RequiredString("Instruction_id");
            var answerKind = line.Value.TryGetProperty("model_answer", out var answer) ? answer.ValueKind : JsonValueKind.Undefined;
            bool nullOrFloat = answerKind is JsonValueKind.Null or JsonValueKind.Undefined
                || (answerKind == JsonValueKind.Number && !IsInteger(answer));
            string? text = answerKind == JsonValueKind.String ? answer.GetString() : null;
            rows.Add(new CelloResultRow(task, index++, id, text, nullOrFloat, HistoryTail(line), InputText(line)));
        }
        return rows;
    }

    private static bool IsInteger(JsonElement number) => !number.GetRawText().AsSpan().ContainsAny(".eE");

    private static CelloHistoryTail HistoryTail(JsonlLine line)
    {
        if (!line.Value.TryGetProperty("histories", out var histories) || histories.ValueKind == JsonValueKind.Null)
            throw line.Error("histories", "missing (upstream needs it for the revise rule)");
        if (histories.ValueKind != JsonValueKind.Array)
            throw line.Error("histories", $"expected a list of [user, assistant] turns, found {JsonKind.Describe(histories.ValueKind)}");
        int count = histories.GetArrayLength();
        if (count == 0)
            return new CelloHistoryTail(false, null);
        var last = histories[count - 1];
        if (last.ValueKind != JsonValueKind.Array || last.GetArrayLength() < 2)
            throw line.Error("histories", "the last turn is not a [user, assistant] pair");
        return new CelloHistoryTail(true, last[1].ValueKind == JsonValueKind.String ? last[1].GetString() : null);
    }

    private static string? InputText(JsonlLine line) =>
        line.Value.TryGetProperty("input_text", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
