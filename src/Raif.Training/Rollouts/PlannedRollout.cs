using Raif.Core.Records;
using Raif.Core.Templates;

namespace Raif.Training.Rollouts;

/// <summary>One response to generate: which prompt, whether it answers the reasoning-free variant, and its group.</summary>
public sealed record PlannedRollout(int PromptIndex, RlPrompt Prompt, string PromptText, bool IsNoCot)
{
    /// <summary>Key shared by a prompt and its no-CoT variant (spec §7.4).</summary>
    public string GroupKey => ThinkPrefill.GroupingKey(PromptText);
}

/// <summary>
/// The rollout plan of spec §7.2: every prompt gets one group of <c>samplesPerPrompt</c> contiguous rollouts; for
/// ifeval/complex prompts the last <c>noCotSamples</c> of them answer the no-CoT variant (6 + 2 of 8 in RAIF).
/// </summary>
public static class RolloutPlanner
{
    public static IReadOnlyList<PlannedRollout> Plan(IReadOnlyList<RlPrompt> prompts, int samplesPerPrompt, int noCotSamples)
    {
        var plan = new List<PlannedRollout>(prompts.Count * samplesPerPrompt);
        for (int p = 0; p < prompts.Count; p++)
        {
            var prompt = prompts[p];
            int noCot = prompt.Route.HasNoCotRollouts ? noCotSamples : 0;
            string noCotText = ThinkPrefill.MakeNoCot(prompt.Input);
            for (int i = 0; i < samplesPerPrompt; i++)
            {
                bool isNoCot = i >= samplesPerPrompt - noCot;
                plan.Add(new PlannedRollout(p, prompt, isNoCot ? noCotText : prompt.Input, isNoCot));
            }
        }
        return plan;
    }
}
