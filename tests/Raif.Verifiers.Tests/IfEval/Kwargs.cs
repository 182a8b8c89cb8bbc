using System.Text.Json;

namespace Raif.Verifiers.Tests.IfEval;

internal static class Kwargs
{
    public static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    public static readonly JsonElement Empty = Parse("{}");
}
