using System.Text.RegularExpressions;
using Raif.Core.Text;

namespace Raif.Core.Responses;

/// <summary>The reasoning and answer texts of a model output (spec §5.5).</summary>
public static partial class ReasoningExtractor
{
    [GeneratedRegex("<think>(.*?)</think>", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 10_000)]
    private static partial Regex ThinkBlock();

    [GeneratedRegex("<answer>(.*?)</answer>", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 10_000)]
    private static partial Regex AnswerBlock();

    /// <summary>The trimmed content of the last <c>&lt;think&gt;…&lt;/think&gt;</c> block, or <c>null</c>.</summary>
    public static string? Think(string modelOutput) => LastGroup(ThinkBlock(), modelOutput);

    /// <summary>
    /// The answer: the trimmed content of the last <c>&lt;answer&gt;…&lt;/answer&gt;</c> block, or, for R1-style
    /// templates, the trimmed text after the last <c>&lt;/think&gt;</c>; <c>null</c> when absent.
    /// </summary>
    public static string? Answer(string modelOutput, bool answerAfterThink)
    {
        if (!answerAfterThink)
            return LastGroup(AnswerBlock(), modelOutput);
        int at = modelOutput.LastIndexOf("</think>", StringComparison.Ordinal);
        return at < 0 ? null : PyStr.Strip(modelOutput[(at + "</think>".Length)..]);
    }

    private static string? LastGroup(Regex regex, string text)
    {
        // Only the last match matters; RightToLeft would change which non-overlapping matches exist, so scan forward.
        Match? last = null;
        for (var m = regex.Match(text); m.Success; m = m.NextMatch())
            last = m;
        return last is null ? null : PyStr.Strip(last.Groups[1].Value);
    }
}
