using System.Text.Json;

namespace Raif.Data.Evolution;

/// <summary>
/// One code-verifiable constraint: an IFEval instruction id and its keyword arguments in a fixed order. Values are
/// <see cref="long"/>, <see cref="string"/> or a string array.
/// </summary>
public sealed record Constraint(string Id, IReadOnlyList<KeyValuePair<string, object>> Args)
{
    public object? this[string name] => Args.FirstOrDefault(a => a.Key == name).Value;

    public long Int(string name) => (long)this[name]!;

    public string Text(string name) => (string)this[name]!;

    public string[] List(string name) => (string[])this[name]!;

    /// <summary>Writes the kwargs object (the checker's arguments, nothing else).</summary>
    public void WriteKwargs(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        foreach (var (name, value) in Args)
        {
            switch (value)
            {
                case long n:
                    json.WriteNumber(name, n);
                    break;
                case string s:
                    json.WriteString(name, s);
                    break;
                case string[] list:
                    json.WriteStartArray(name);
                    foreach (var item in list)
                        json.WriteStringValue(item);
                    json.WriteEndArray();
                    break;
                default:
                    throw new InvalidOperationException($"{Id}: argument {name} has unsupported type {value?.GetType().Name}");
            }
        }
        json.WriteEndObject();
    }

    /// <summary>The kwargs as a JSON element, for building a checker.</summary>
    public JsonElement KwargsElement() => Stages.RecordJson.Of(WriteKwargs);
}
