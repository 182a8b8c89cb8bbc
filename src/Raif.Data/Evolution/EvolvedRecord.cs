using System.Text.Json;
using Raif.Core.Jsonl;

namespace Raif.Data.Evolution;

/// <summary>
/// One code-verifiable RL prompt (spec §4.1–4.2) with its provenance. <see cref="Input"/> is the rendered prompt,
/// <see cref="Target"/> the JSON-encoded <c>instruction_id_list</c> + <c>kwargs</c>; the other fields are extra
/// columns that the trainer and <c>raif reward score</c> ignore.
/// </summary>
public sealed record EvolvedRecord(
    string Id, string Input, string Target, string Task, string Instruction, string SeedId, string Language,
    Composition Composition, IReadOnlyList<Constraint> Constraints)
{
    /// <summary>The target JSON for constraints: {"instruction_id_list": [...], "kwargs": [{...}, ...]}.</summary>
    public static string TargetJson(IReadOnlyList<Constraint> constraints)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonlWriter.Options.Encoder }))
        {
            json.WriteStartObject();
            json.WriteStartArray("instruction_id_list");
            foreach (var c in constraints)
                json.WriteStringValue(c.Id);
            json.WriteEndArray();
            json.WriteStartArray("kwargs");
            foreach (var c in constraints)
                c.WriteKwargs(json);
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
        json.WriteString("composition", Composition.ToString().ToLowerInvariant());
        json.WriteEndObject();
    }
}
