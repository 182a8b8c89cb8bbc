using Raif.Core.Templates;

namespace Raif.Rewards;

/// <summary>
/// What must hold before an instruction-following answer is checked at all (spec §6.3, §6.5); otherwise the answer
/// reward is −2 and the sample is not scored. In order: a valid format, a non-empty answer, and (when reasoning is
/// required) a non-empty reasoning block that is not the placeholder copied from the CoT trigger.
/// <c>…woFormat</c> tasks have no format at all, so neither the format nor the reasoning block is required there.
/// The placeholder is compared after trimming and ignoring case, for every task: the release compares the
/// lower-cased text for ifeval but the exact text for complex; "Reasoning process here" is the same copy either way.
/// </summary>
internal static class AnswerPreconditions
{
    /// <summary>Why the answer cannot be scored, or <c>null</c> when it can.</summary>
    public static string? Failure(ResponseView view, bool withoutFormat, bool requireReasoning)
    {
        if (!withoutFormat && !view.FormatValid)
            return "invalid format";
        if (string.IsNullOrEmpty(view.Answer))
            return "empty answer";
        if (withoutFormat || !requireReasoning)
            return null;
        if (string.IsNullOrEmpty(view.Think))
            return "empty think";
        if (string.Equals(Raif.Core.Text.PyStr.Strip(view.Think), CotTrigger.PlaceholderReasoning, StringComparison.OrdinalIgnoreCase))
            return "placeholder think";
        return null;
    }
}
