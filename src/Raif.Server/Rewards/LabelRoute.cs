using System.Text.Json;

namespace Raif.Server.Rewards;

/// <summary>
/// The RAIF task and target of a <c>/reward</c> sample, from its label (the RAIF <c>target</c>): an explicit task
/// wins; else a JSON object label with a <c>task</c> field names it; else <c>instruction_id_list</c> means ifeval (or
/// ifbench when one of its ids is IFBench's) and <c>scoring_questions</c> complex; anything else is maths, whose reference answer is the label itself (a JSON
/// string label is unwrapped; an object's <c>answer</c> or <c>ground_truth</c> string is taken).
/// </summary>
internal readonly record struct LabelRoute(string Task, string Target)
{
    public static LabelRoute Resolve(string label, string? task)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(label);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return new LabelRoute(task ?? "default", label);
        }
        if (root.ValueKind == JsonValueKind.String)
            return new LabelRoute(task ?? "default", root.GetString()!);
        if (root.ValueKind != JsonValueKind.Object)
            return new LabelRoute(task ?? "default", label);
        if (task is null && root.TryGetProperty("task", out var named) && named.ValueKind == JsonValueKind.String)
            task = named.GetString();
        task ??= root.TryGetProperty("instruction_id_list", out var ids) ? (NamesIfBenchId(ids) ? "ifbench" : "ifeval")
            : root.TryGetProperty("scoring_questions", out _) ? "complex"
            : "default";
        bool maths = task == "default" || task.Length == 0;
        return new LabelRoute(task, maths ? MathsReference(root) ?? label : label);
    }

    private static bool NamesIfBenchId(JsonElement ids) =>
        ids.ValueKind == JsonValueKind.Array && ids.EnumerateArray().Any(id =>
            id.ValueKind == JsonValueKind.String && Raif.Verifiers.IfBench.IfBenchRegistry.Default.Contains(id.GetString()!));

    private static string? MathsReference(JsonElement root)
    {
        foreach (var field in (string[])["answer", "ground_truth"])
        {
            if (root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String)
                return value.GetString();
        }
        return null;
    }
}
