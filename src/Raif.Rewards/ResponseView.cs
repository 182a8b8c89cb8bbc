using Raif.Core.Responses;
using Raif.Core.Tasks;
using Raif.Core.Templates;
using Raif.Core.Text;

namespace Raif.Rewards;

/// <summary>
/// A response as the reward sees it: the format analysis of <c>input + output</c> (spec §5.4–5.6), the format
/// reward, and the reasoning and answer texts the answer reward is computed on.
/// </summary>
internal sealed record ResponseView(FormatAnalysis Analysis, bool FormatValid, double FormatReward, string FormatReason, string? Think, string? Answer)
{
    public const double ValidFormatReward = 1.0;
    public const double InvalidFormatReward = -1.0;

    public static ResponseView Create(RewardInput input, TaskRoute route, IReadOnlyList<string>? stops)
    {
        var analysis = FormatAnalysis.Analyze(input.Sequence, stops);
        if (!analysis.AnchorFound)
            return new ResponseView(analysis, false, InvalidFormatReward, "format: " + analysis.Reason, null, null);
        if (route.WithoutFormat)
            return new ResponseView(analysis, true, ValidFormatReward, "format: skipped (woFormat)", analysis.Think, WithoutFormatAnswer(analysis));
        return analysis.Valid
            ? new ResponseView(analysis, true, ValidFormatReward, "format: ok", analysis.Think, analysis.Answer)
            : new ResponseView(analysis, false, InvalidFormatReward, "format: " + analysis.Reason, analysis.Think, analysis.Answer);
    }

    /// <summary>
    /// The answer of a <c>…woFormat</c> task, whose tags are not required: the answer block (or, for R1-style
    /// templates, the text after the last <c>&lt;/think&gt;</c>) when there is one; otherwise the text after the last
    /// <c>&lt;/think&gt;</c>; otherwise the whole model output without its pre-filled <c>&lt;think&gt;</c>. Trimmed.
    /// </summary>
    internal static string WithoutFormatAnswer(FormatAnalysis analysis)
    {
        if (analysis.Answer is not null)
            return analysis.Answer;
        string output = analysis.ModelOutput;
        int close = output.LastIndexOf("</think>", StringComparison.Ordinal);
        if (close >= 0)
            return PyStr.Strip(output[(close + "</think>".Length)..]);
        if (output.StartsWith(ChatTemplate.ThinkOpen, StringComparison.Ordinal))
            output = output[ChatTemplate.ThinkOpen.Length..];
        return PyStr.Strip(output);
    }
}
