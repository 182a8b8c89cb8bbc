using System.Text.Json;
using Raif.Core.Templates;

namespace Raif.Rewards.Tests;

/// <summary>Builds rollouts the way the trainer produces them: a RAIF qwen prompt (CoT trigger, pre-filled &lt;think&gt;) and the generated text.</summary>
internal static class Rollouts
{
    public static string QwenPrompt(string user, string? taskSystem = null) =>
        ChatTemplates.Qwen.RenderPrompt(CotTrigger.SystemPrompt(taskSystem), user);

    public static RewardInput Qwen(string generated, string target, string? task, string user = "Solve the task.", string? id = null) =>
        new(QwenPrompt(user), generated, target, task, id);

    /// <summary>A complex target with the given questions and an optional offline YES count.</summary>
    public static string ComplexTarget(double? offline, params string[] questions)
    {
        var target = new Dictionary<string, object> { ["scoring_questions"] = questions };
        if (offline is { } o)
            target["scoring_sum_qwen2.5-7B-Instruct"] = o;
        return JsonSerializer.Serialize(target);
    }
}
