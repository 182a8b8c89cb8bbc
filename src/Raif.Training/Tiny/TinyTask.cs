using System.Text.Json.Nodes;
using Raif.Core.Templates;

namespace Raif.Training.Tiny;

/// <summary>
/// One instruction of the built-in world: the animals to list, the user text, the active rules (the ones the
/// verifier checks), the expert's reasoning and a compliant answer.
/// </summary>
public sealed record TinyTask(
    IReadOnlyList<string> Animals,
    string User,
    TinyComposition Composition,
    IReadOnlyList<TinyRule> ActiveRules,
    string ExpertThink,
    string ExpertAnswer)
{
    /// <summary>The RAIF target JSON: IFEval instruction ids and their kwargs.</summary>
    public string Target()
    {
        var target = new JsonObject
        {
            ["instruction_id_list"] = new JsonArray([.. ActiveRules.Select(r => (JsonNode?)JsonValue.Create(r.InstructionId))]),
            ["kwargs"] = new JsonArray([.. ActiveRules.Select(r => (JsonNode?)r.Kwargs())]),
        };
        return target.ToJsonString();
    }

    /// <summary>
    /// The preset's reasoning trigger: the same request as <see cref="CotTrigger"/> in a fifth of the tokens, because
    /// every rollout of the miniature pays for its system prompt on two CPU cores.
    /// </summary>
    public const string SystemPrompt = "Think step by step inside <think> </think>, then give your final answer inside <answer> </answer>.";

    /// <summary>The rendered RL prompt (system trigger, user turn, pre-filled &lt;think&gt;).</summary>
    public string Prompt(ChatTemplate template) => template.RenderPrompt(SystemPrompt, User);

    /// <summary>The expert response as the model should generate it after the pre-filled &lt;think&gt;.</summary>
    public string ExpertCompletion => $"\n{ExpertThink}\n</think>\n<answer>\n{ExpertAnswer}\n</answer>";

    /// <summary>Rule kinds that appear together (unordered pairs), for the held-out split.</summary>
    public IEnumerable<(TinyRuleKind, TinyRuleKind)> KindPairs()
    {
        var kinds = ActiveRules.Select(r => r.Kind).Distinct().OrderBy(k => k).ToArray();
        for (int i = 0; i < kinds.Length; i++)
        {
            for (int j = i + 1; j < kinds.Length; j++)
                yield return (kinds[i], kinds[j]);
        }
    }
}
