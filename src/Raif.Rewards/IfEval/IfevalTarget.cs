using System.Text.Json;
using Raif.Core.Jsonl;

namespace Raif.Rewards.IfEval;

/// <summary>
/// The target of an <c>ifeval…</c> record (spec §4.2): instruction ids, one keyword-argument object per id, and the
/// optional offline pass count of Qwen2.5-7B-Instruct answering without reasoning.
/// </summary>
public sealed record IfevalTarget(IReadOnlyList<string> InstructionIds, IReadOnlyList<JsonElement> Kwargs, double OfflineScore)
{
    public const string IdsField = "instruction_id_list";
    public const string KwargsField = "kwargs";

    /// <summary>Parses the JSON target; every problem names the field.</summary>
    public static IfevalTarget Parse(string target)
    {
        var root = TargetJson.ParseObject(target);
        var ids = TargetJson.RequiredStrings(root, IdsField);
        var kwargsArray = TargetJson.RequiredArray(root, KwargsField);
        var kwargs = new List<JsonElement>(kwargsArray.GetArrayLength());
        foreach (var item in kwargsArray.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
                throw RewardTargetException.Field(KwargsField, $"element {kwargs.Count} is {JsonKind.Describe(item.ValueKind)}, not an object");
            kwargs.Add(item);
        }
        if (kwargs.Count != ids.Length)
            throw RewardTargetException.Field(KwargsField, $"{kwargs.Count} entries for {ids.Length} instructions in '{IdsField}'");
        return new IfevalTarget(ids, kwargs, TargetJson.OptionalScore(root, Superiority.IfevalScoreField));
    }
}
