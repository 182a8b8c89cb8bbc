using Raif.Data.Seeds;

namespace Raif.Data.Checklist;

/// <summary>
/// Whether a scoring question can be answered with YES or NO (spec §3.3), judged from its form. English: it ends
/// with "?" and opens with an auxiliary or modal verb ("Does the response…", "Is the…"), which excludes wh- and
/// either-or openings. Chinese: it ends with "？" (or "?") and asks with 是否, 是不是, 有没有 or 能否, or ends in 吗.
/// </summary>
public static class YesNoQuestion
{
    private static readonly HashSet<string> Auxiliaries = new(StringComparer.OrdinalIgnoreCase)
    {
        "does", "do", "did", "is", "are", "was", "were", "has", "have", "had", "can", "could", "will", "would",
        "should", "shall", "may", "might", "must",
    };

    private static readonly string[] ChineseMarkers = ["是否", "是不是", "有没有", "能否"];

    /// <summary>Null when <paramref name="question"/> is a YES/NO question, else why it is not.</summary>
    public static string? Problem(string question)
    {
        string q = question.Trim();
        if (q.Length == 0)
            return "a scoring question is empty";
        bool chinese = q.Any(SeedWords.IsCjk);
        if (chinese)
        {
            if (!q.EndsWith('？') && !q.EndsWith('?'))
                return $"the scoring question \"{q}\" does not end with a question mark";
            string body = q[..^1].TrimEnd();
            if (!ChineseMarkers.Any(m => body.Contains(m, StringComparison.Ordinal)) && !body.EndsWith('吗'))
                return $"the scoring question \"{q}\" is not a YES/NO question (ask with 是否…？ or …吗？)";
            return null;
        }
        if (!q.EndsWith('?'))
            return $"the scoring question \"{q}\" does not end with a question mark";
        int space = q.IndexOfAny([' ', '\t', '\n']);
        string first = space < 0 ? q : q[..space];
        if (!Auxiliaries.Contains(first))
            return $"the scoring question \"{q}\" is not a YES/NO question (start it with Does, Is, Are, Has, Can…)";
        return null;
    }
}
