using System.Globalization;
using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Evaluation.Responses;

namespace Raif.Evaluation.Benchmarks.ComplexBench;

/// <summary>Which of <c>data_final.json</c>'s texts the extractor and judge see (upstream's <c>--language zh|en</c>).</summary>
public enum ComplexBenchLanguage { Zh, En }

/// <summary>A scoring question's texts and rule (<c>null</c>: judged by the LLM; otherwise extracted, then checked by the rule).</summary>
public sealed record ComplexBenchScoringQuestion(string Question, string? QuestionEn, string? Rule);

/// <summary>One instruction of <c>data_final.json</c>: what the aggregation reads, plus the texts the extractor and judge are shown.</summary>
public sealed record ComplexBenchItem(ComplexBenchEntry Entry, string Instruction, string? InstructionEn, IReadOnlyList<ComplexBenchScoringQuestion> Questions)
{
    /// <summary>The item id used in response and judgments files: <c>main_id</c>.</summary>
    public string Id => Entry.MainId.ToString(CultureInfo.InvariantCulture);

    public string InstructionIn(ComplexBenchLanguage language) => language == ComplexBenchLanguage.Zh ? Instruction
        : InstructionEn ?? throw new InvalidDataException($"ComplexBench main_id {Id}: no instruction_en for --lang en");

    public string QuestionIn(int index, ComplexBenchLanguage language) => language == ComplexBenchLanguage.Zh ? Questions[index].Question
        : Questions[index].QuestionEn ?? throw new InvalidDataException($"ComplexBench main_id {Id}: scoring question {index} has no question_en for --lang en");
}

/// <summary>A model's responses to ComplexBench, in file order; an upstream <c>generated: null</c> is kept as null.</summary>
public sealed record ComplexBenchResponses(string Source, IReadOnlyDictionary<string, string?> ById);

/// <summary>Reads upstream's <c>data/data_final.json</c> and response files (upstream <c>llm_generations/*.jsonl</c> or uniform JSONL).</summary>
public static class ComplexBenchData
{
    public const string DataFile = "data_final.json";

    /// <summary>The entries of <c>DIR/data_final.json</c>; a missing file is an error saying where to get it.</summary>
    public static IReadOnlyList<ComplexBenchItem> ReadItems(string dataDir)
    {
        string path = Path.Combine(dataDir, DataFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"complexbench: {path} not found. ComplexBench's scoring questions are in upstream's data/data_final.json "
                + "(github.com/thu-coai/ComplexBench), which is not in the shared data; download it into that folder.", path);
        }
        var items = new List<ComplexBenchItem>();
        var seen = new HashSet<int>();
        foreach (var line in JsonArrayFile.Read(path))
        {
            var entry = ComplexBenchAggregation.ParseEntry(line);
            if (!seen.Add(entry.MainId))
                throw line.Error("main_id", $"duplicate main_id {entry.MainId}");
            var questions = new List<ComplexBenchScoringQuestion>();
            int index = 0;
            foreach (var q in line.Value.GetProperty("scoring_questions").EnumerateArray())
            {
                var question = new JsonlLine(line.File, line.LineNumber, q);
                try
                {
                    questions.Add(new ComplexBenchScoringQuestion(question.RequiredString("question"), question.OptionalString("question_en"), question.OptionalString("rule")));
                }
                catch (JsonlException e)
                {
                    throw line.Error($"scoring_questions[{index}].{e.Field}", e.Problem, e);
                }
                index++;
            }
            items.Add(new ComplexBenchItem(entry, line.RequiredString("instruction"), line.OptionalString("instruction_en"), questions));
        }
        return items;
    }

    /// <summary>
    /// Responses: uniform lines <c>{"id": main_id, "response": ...}</c>, or upstream's <c>{main_id, model, instruction,
    /// generated}</c> lines, which upstream pairs with <c>data_final.json</c> by position (<c>zip(data, outputs)</c>),
    /// not by their <c>main_id</c>: line N answers entry N.
    /// </summary>
    public static ComplexBenchResponses ReadResponses(string path, IReadOnlyList<ComplexBenchItem> items, CancellationToken cancellationToken = default)
    {
        var known = items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var byId = new Dictionary<string, string?>(StringComparer.Ordinal);
        int position = 0;
        foreach (var line in JsonlReader.ReadLines(path, cancellationToken))
        {
            if (line.Value.ValueKind != JsonValueKind.Object)
                throw line.Error(null, "expected an object");
            string id;
            string? text;
            if (line.Value.TryGetProperty("response", out _))
            {
                id = line.StringOrRawJson("id") ?? throw line.Error("id", "missing (expected the entry's main_id)");
                if (!known.Contains(id))
                    throw line.Error("id", $"no entry with main_id {id} in {DataFile}");
                text = line.RequiredString("response");
            }
            else
            {
                if (!line.Value.TryGetProperty("generated", out _))
                    throw line.Error("generated", "missing (expected upstream's {main_id, generated} or {id, response})");
                if (position >= items.Count)
                    throw line.Error(null, $"more responses than the {items.Count} entries of {DataFile} (upstream pairs them by position)");
                id = items[position].Id;
                text = line.OptionalString("generated");
            }
            if (!byId.TryAdd(id, text))
                throw line.Error("id", $"a second response for main_id {id}");
            position++;
        }
        return new ComplexBenchResponses(path, byId);
    }
}
