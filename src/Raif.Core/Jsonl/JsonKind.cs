using System.Text.Json;

namespace Raif.Core.Jsonl;

/// <summary>Names a JSON value's kind for error messages ("expected a string, found an array").</summary>
public static class JsonKind
{
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
