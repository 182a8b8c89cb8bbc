using System.Text.Json;
using Raif.Core.Jsonl;

namespace Raif.Data.Checklist;

/// <summary>
/// One LLM-judged RL prompt (spec §4.1–4.2, task <c>complex</c>): the rendered <see cref="Input"/>, the target
/// <c>{"scoring_questions": [...]}</c> as a JSON string, and provenance columns that the trainer and
/// <c>raif reward score</c> ignore.
/// </summary>
public sealed record ChecklistRecord(
    string Id, string Input, string Target, string Task, string Instruction, string SeedId, string Language, string Composition)
{
    public static string TargetJson(IReadOnlyList<string> scoringQuestions)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonlWriter.Options.Encoder }))
        {
            json.WriteStartObject();
            json.WriteStartArray("scoring_questions");
            foreach (var q in scoringQuestions)
                json.WriteStringValue(q);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the JSONL object, fields in a fixed order.</summary>
    public void WriteTo(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("id", Id);
        json.WriteString("input", Input);
        json.WriteString("target", Target);
        json.WriteString("task", Task);
        json.WriteString("instruction", Instruction);
        json.WriteString("seed_id", SeedId);
        json.WriteString("language", Language);
        json.WriteString("composition", Composition);
        json.WriteEndObject();
    }
}
