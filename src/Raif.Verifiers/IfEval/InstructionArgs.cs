using System.Text.Json;

namespace Raif.Verifiers.IfEval;

/// <summary>
/// Typed access to one instruction's <c>kwargs</c> object. JSON null means "absent" (the Hugging Face copy of
/// IFEval lists every argument of every instruction, unused ones as null). Where the official code would pick a
/// random value (a missing or out-of-range argument) or crash (a wrong type, an unexpected key), this throws an
/// <see cref="IfevalArgumentException"/> naming the instruction and the argument instead.
/// </summary>
internal sealed class InstructionArgs
{
    private readonly string _id;
    private readonly JsonElement _kwargs;

    public InstructionArgs(string id, JsonElement kwargs, params string[] allowed)
    {
        _id = id;
        _kwargs = kwargs;
        if (kwargs.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            return;
        if (kwargs.ValueKind != JsonValueKind.Object)
            throw new IfevalArgumentException(id, null, $"kwargs must be a JSON object, found {kwargs.ValueKind}");
        foreach (var property in kwargs.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Null && Array.IndexOf(allowed, property.Name) < 0)
                throw new IfevalArgumentException(id, property.Name,
                    allowed.Length == 0 ? "this instruction takes no arguments" : $"unexpected argument (expected {string.Join(", ", allowed)})");
        }
    }

    public IfevalArgumentException Error(string argument, string problem) => new(_id, argument, problem);

    /// <summary>A required integer, at least <paramref name="min"/> (JSON numbers with an integral value).</summary>
    public long Int(string name, long min = 0)
    {
        var v = Required(name);
        if (v.ValueKind != JsonValueKind.Number)
            throw Error(name, $"expected an integer, found {Describe(v)}");
        long value;
        if (!v.TryGetInt64(out value))
        {
            if (!v.TryGetDouble(out double d) || d != Math.Floor(d) || double.IsInfinity(d) || Math.Abs(d) > 1e15)
                throw Error(name, $"expected an integer, found {v.GetRawText()}");
            value = (long)d;
        }
        if (value < min)
            throw Error(name, $"must be at least {min}, found {value}");
        return value;
    }

    /// <summary>A required number, at least <paramref name="min"/>, as a double (IFBench's data holds counts as JSON
    /// floats such as <c>12.0</c>, and its checkers compare them as Python floats).</summary>
    public double Number(string name, double min = 0)
    {
        var v = Required(name);
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double value) || !double.IsFinite(value))
            throw Error(name, $"expected a number, found {Describe(v)}");
        if (value < min)
            throw Error(name, $"must be at least {min}, found {v.GetRawText()}");
        return value;
    }

    /// <summary>A required string (may be empty).</summary>
    public string String(string name)
    {
        var v = Required(name);
        if (v.ValueKind != JsonValueKind.String)
            throw Error(name, $"expected a string, found {Describe(v)}");
        return v.GetString()!;
    }

    /// <summary>A required, non-empty string.</summary>
    public string NonEmptyString(string name)
    {
        string s = String(name);
        if (s.Length == 0)
            throw Error(name, "must not be empty");
        return s;
    }

    /// <summary>A required, non-empty list of strings.</summary>
    public string[] StringList(string name)
    {
        var v = Required(name);
        if (v.ValueKind != JsonValueKind.Array)
            throw Error(name, $"expected a list of strings, found {Describe(v)}");
        var list = new List<string>();
        int i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                throw Error(name, $"element {i} is {Describe(item)}, expected a string");
            list.Add(item.GetString()!);
            i++;
        }
        if (list.Count == 0)
            throw Error(name, "must not be an empty list");
        return [.. list];
    }

    /// <summary>"less than" or "at least".</summary>
    public Relation Relation(string name) => String(name) switch
    {
        "less than" => IfEval.Relation.LessThan,
        "at least" => IfEval.Relation.AtLeast,
        var other => throw Error(name, $"must be \"less than\" or \"at least\", found \"{other}\""),
    };

    private JsonElement Required(string name)
    {
        if (_kwargs.ValueKind != JsonValueKind.Object || !_kwargs.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            throw Error(name, "missing");
        return v;
    }

    private static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => v.ValueKind.ToString(),
    };
}
