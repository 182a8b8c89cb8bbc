using System.Text.Json;
using System.Text.Json.Nodes;

namespace Raif.Data.Stages;

/// <summary>An input record with fields added or replaced (at the end, in the order given), as a stage's output record.</summary>
public static class RecordFields
{
    public static JsonElement With(JsonElement record, params (string Name, JsonNode? Value)[] fields)
    {
        var node = JsonNode.Parse(record.GetRawText())!.AsObject();
        foreach (var (name, value) in fields)
        {
            node.Remove(name);
            node[name] = value;
        }
        return JsonSerializer.SerializeToElement(node);
    }
}
