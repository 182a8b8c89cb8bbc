using System.Text.Json;
using Raif.Data.Evolution;
using Raif.Data.Stages;

namespace Raif.Data.Checklist;

/// <summary>
/// One LLM-judged RL prompt (spec §4.1–4.2, task <c>complex</c>): the rendered <see cref="Input"/>, the target
/// <c>{"scoring_questions": [...]}</c> as a JSON string, and provenance columns that the trainer and
/// <c>raif reward score</c> ignore.
/// </summary>
public sealed record ChecklistRecord(
    string Id, string Input, string Target, string Task, string Instruction, string SeedId, string Language, string Composition)
{
    public static string TargetJson(IReadOnlyList<string> scoringQuestions) => RecordJson.Text(json =>
    {
        json.WriteStartObject();
        json.WriteStartArray("scoring_questions");
        foreach (var q in scoringQuestions)
            json.WriteStringValue(q);
        json.WriteEndArray();
        json.WriteEndObject();
    });

    /// <summary>Writes the JSONL object: the same columns, in the same order, as an <c>ifeval</c> record.</summary>
    public void WriteTo(Utf8JsonWriter json) =>
        EvolvedRecord.WriteColumns(json, Id, Input, Target, Task, Instruction, SeedId, Language, Composition);
}
