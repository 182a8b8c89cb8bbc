using System.Text.Json;
using Raif.Data.Stages;

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
    public static string TargetJson(IReadOnlyList<Constraint> constraints) => RecordJson.Text(json =>
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
    });

    /// <summary>Writes the JSONL object, fields in a fixed order.</summary>
    public void WriteTo(Utf8JsonWriter json) =>
        WriteColumns(json, Id, Input, Target, Task, Instruction, SeedId, Language, Composition.ToString().ToLowerInvariant());

    /// <summary>The columns of an evolved RL prompt record (ifeval or complex), in their fixed order.</summary>
    internal static void WriteColumns(
        Utf8JsonWriter json, string id, string input, string target, string task, string instruction, string seedId, string language, string composition)
    {
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteString("input", input);
        json.WriteString("target", target);
        json.WriteString("task", task);
        json.WriteString("instruction", instruction);
        json.WriteString("seed_id", seedId);
        json.WriteString("language", language);
        json.WriteString("composition", composition);
        json.WriteEndObject();
    }
}
