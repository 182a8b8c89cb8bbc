using Raif.Rewards.Judging;

namespace Raif.Data.Verification;

/// <summary>
/// Reads a generated answer to one scoring question when the checklist judge is a chat model (no log-probs): the
/// reply, after any reasoning, must start with YES or NO (as <see cref="JudgePrompt.Rubric"/> asks, e.g.
/// <c>YES(是)</c>) or with 是 / 否, not followed by another letter; anything else is a broken reply.
/// </summary>
public static class ChecklistReplyParser
{
    public static bool? TryParse(string reply, out string? problem)
    {
        string text = JudgeReplyText.WithoutReasoning(reply).Trim().TrimStart('*', '"', '\'').TrimStart();
        problem = null;
        if (Word(text, "YES") || text.StartsWith('是'))
            return true;
        if (Word(text, "NO") || text.StartsWith('否'))
            return false;
        problem = "the reply starts with neither YES nor NO";
        return null;
    }

    private static bool Word(string text, string word) =>
        text.StartsWith(word, StringComparison.Ordinal) && (text.Length == word.Length || !char.IsLetter(text[word.Length]));
}
