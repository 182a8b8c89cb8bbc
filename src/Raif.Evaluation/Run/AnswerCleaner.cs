using Raif.Core.Responses;

namespace Raif.Evaluation.Run;

/// <summary>
/// Turns what a model wrote into the response a benchmark scores. Reasoning never reaches the scorer: inline
/// <c>&lt;think&gt;</c> blocks are removed, and where an <c>&lt;answer&gt;</c> block exists only its content is kept. The
/// released harness stripped a leading <c>&lt;answer&gt;</c> but left a trailing <c>&lt;/answer&gt;</c>, which likely cost
/// RAIF models points on IFEval's first/last-line checks (spec §9.2); Raif extracts the block cleanly instead.
/// </summary>
public static class AnswerCleaner
{
    public static string Clean(string text)
    {
        if (ReasoningExtractor.Answer(text, answerAfterThink: false) is { } answer)
            return answer;
        // Plain text is scored exactly as written (whitespace included), as the benchmarks' own scripts see it.
        if (!text.Contains("<think>", StringComparison.Ordinal) && !text.Contains("</think>", StringComparison.Ordinal)
            && !text.Contains("<answer>", StringComparison.Ordinal))
            return text;
        string rest = text;
        int thinkEnd = rest.LastIndexOf("</think>", StringComparison.Ordinal);
        if (thinkEnd >= 0)
            rest = rest[(thinkEnd + "</think>".Length)..];
        // An answer block that was opened but never closed (the output ran out of tokens): keep what follows the tag.
        int open = rest.LastIndexOf("<answer>", StringComparison.Ordinal);
        if (open >= 0)
            rest = rest[(open + "<answer>".Length)..];
        return rest.Trim();
    }

    /// <summary>The reasoning of a CoT reply: the last <c>&lt;think&gt;</c> block, else the text before <c>&lt;answer&gt;</c>.</summary>
    public static string Reasoning(string text)
    {
        if (ReasoningExtractor.Think(text) is { } think)
            return think;
        int open = text.IndexOf("<answer>", StringComparison.Ordinal);
        string before = open >= 0 ? text[..open] : text;
        return before.Replace("<think>", "", StringComparison.Ordinal).Trim();
    }
}
