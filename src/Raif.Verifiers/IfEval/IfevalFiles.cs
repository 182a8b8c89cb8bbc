using System.Text;
using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Verifiers.Python;

namespace Raif.Verifiers.IfEval;

/// <summary>Reads IFEval's input and response files and writes its result files, in the official formats.</summary>
public static class IfevalFiles
{
    /// <summary>Reads <c>input_data.jsonl</c> (key, prompt, instruction_id_list, kwargs); bad lines are
    /// <see cref="JsonlException"/>s naming file, line and field.</summary>
    public static List<IfevalInput> ReadInputs(string path, CancellationToken cancellationToken = default)
    {
        var inputs = new List<IfevalInput>();
        foreach (var line in JsonlReader.ReadLines(path, cancellationToken))
        {
            string key = line.StringOrRawJson("key") ?? throw line.Error("key", "missing");
            string prompt = line.RequiredString("prompt");
            var ids = StringArray(line, "instruction_id_list");
            if (!line.Value.TryGetProperty("kwargs", out var kwargs) || kwargs.ValueKind != JsonValueKind.Array)
                throw line.Error("kwargs", "expected a list of objects, one per instruction id");
            var kwargsList = kwargs.EnumerateArray().ToList();
            if (kwargsList.Count != ids.Count)
                throw line.Error("kwargs", $"{kwargsList.Count} kwargs objects for {ids.Count} instruction ids");
            inputs.Add(new IfevalInput(key, prompt, ids, kwargsList, line.File, line.LineNumber));
        }
        return inputs;
    }

    /// <summary>Reads a response file (prompt, response) into prompt -> response; a later line with the same prompt
    /// wins, as in the official <c>read_prompt_to_response_dict</c>.</summary>
    public static Dictionary<string, string> ReadResponses(string path, CancellationToken cancellationToken = default)
    {
        var responses = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in JsonlReader.ReadLines(path, cancellationToken))
            responses[line.RequiredString("prompt")] = line.RequiredString("response");
        return responses;
    }

    /// <summary>Writes results atomically, one line each, exactly as the official <c>write_outputs</c> does
    /// (attribute names in sorted order, Python <c>json.dumps</c> formatting).</summary>
    public static void WriteResults(string path, IEnumerable<IfevalResult> results)
    {
        var sb = new StringBuilder();
        foreach (var result in results)
            sb.Append(ToJsonLine(result)).Append('\n');
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    /// <summary>One result as the official evaluator writes it.</summary>
    public static string ToJsonLine(IfevalResult result)
    {
        var json = new PyJsonWriter().BeginObject();
        json.Name("follow_all_instructions").Value(result.FollowAllInstructions);
        json.Name("follow_instruction_list").BeginArray();
        foreach (bool v in result.FollowInstructionList)
            json.Value(v);
        json.EndArray();
        json.Name("instruction_id_list").BeginArray();
        foreach (string id in result.InstructionIdList)
            json.Value(id);
        json.EndArray();
        json.Name("prompt").Value(result.Prompt);
        json.Name("response").Value(result.Response);
        return json.EndObject().ToString();
    }

    private static List<string> StringArray(JsonlLine line, string field)
    {
        if (!line.Value.TryGetProperty(field, out var v) || v.ValueKind != JsonValueKind.Array)
            throw line.Error(field, "expected a list of strings");
        var list = new List<string>();
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                throw line.Error(field, $"element {list.Count} is not a string");
            list.Add(item.GetString()!);
        }
        return list;
    }
}
