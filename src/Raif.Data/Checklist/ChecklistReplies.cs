using System.Text.RegularExpressions;
using Raif.Data.Models;
using Raif.Data.Seeds;

namespace Raif.Data.Checklist;

/// <summary>
/// Strict parsers of the two checklist replies. Evolve: exactly one start and one end delimiter, in order; between
/// them the heading "Sub-Instructions:", items numbered 1, 2, …, the heading "Scoring Questions:", items numbered
/// 1, 2, …; as many of each as the example has; every question a YES/NO question (<see cref="YesNoQuestion"/>); the
/// text in the target language. A line without a number continues the item before it (a quoted passage may span
/// lines). Text outside the delimiters is ignored. Merge: one delimited, non-empty instruction in the target
/// language that keeps every number the sub-instructions state.
/// </summary>
public static partial class ChecklistReplies
{
    [GeneratedRegex(@"^(\d+)\s*[.．、)）]\s*(.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberedItem();

    [GeneratedRegex(@"\d+(?:[.,]\d+)*", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    public static ReplyParse<EvolvedChecklist> ParseEvolve(string reply, ChecklistExample example, string language)
    {
        if (Delimited(reply, ChecklistPrompts.EvolveStart, ChecklistPrompts.EvolveEnd, out string body) is { } error)
            return ReplyParse<EvolvedChecklist>.Fail(error);
        var lines = body.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        int at = 0;
        if (at >= lines.Count || !IsHeading(lines[at], ChecklistPrompts.SubInstructionsHeading))
            return ReplyParse<EvolvedChecklist>.Fail($"the block must begin with the heading \"{ChecklistPrompts.SubInstructionsHeading}\"");
        at++;
        var subs = Items(lines, ref at, stopAtHeading: ChecklistPrompts.ScoringQuestionsHeading, "sub-instruction", out error);
        if (error is not null)
            return ReplyParse<EvolvedChecklist>.Fail(error);
        if (at >= lines.Count)
            return ReplyParse<EvolvedChecklist>.Fail($"the heading \"{ChecklistPrompts.ScoringQuestionsHeading}\" is missing");
        at++;
        var questions = Items(lines, ref at, stopAtHeading: null, "scoring question", out error);
        if (error is not null)
            return ReplyParse<EvolvedChecklist>.Fail(error);
        if (subs.Count != example.SubInstructions.Count)
            return ReplyParse<EvolvedChecklist>.Fail($"found {subs.Count} sub-instructions; exactly {example.SubInstructions.Count} are required");
        if (questions.Count != example.ScoringQuestions.Count)
            return ReplyParse<EvolvedChecklist>.Fail($"found {questions.Count} scoring questions; exactly {example.ScoringQuestions.Count} are required");
        foreach (var q in questions)
        {
            if (YesNoQuestion.Problem(q) is { } problem)
                return ReplyParse<EvolvedChecklist>.Fail(problem);
        }
        string written = SeedWords.GuessLanguage(string.Join("\n", subs.Concat(questions)));
        if (written != language)
            return ReplyParse<EvolvedChecklist>.Fail($"the sub-instructions and questions are written in {ChecklistPrompts.LanguageName(written)}, not {ChecklistPrompts.LanguageName(language)}");
        return ReplyParse<EvolvedChecklist>.Ok(new EvolvedChecklist(subs, questions));
    }

    public static ReplyParse<string> ParseMerge(string reply, EvolvedChecklist checklist, string language)
    {
        if (Delimited(reply, ChecklistPrompts.MergeStart, ChecklistPrompts.MergeEnd, out string body) is { } error)
            return ReplyParse<string>.Fail(error);
        string instruction = SeedFile.Normalise(body);
        if (instruction.Length == 0)
            return ReplyParse<string>.Fail("the integrated instruction is empty");
        if (instruction.Contains("[The start of", StringComparison.Ordinal) || instruction.Contains("[The end of", StringComparison.Ordinal))
            return ReplyParse<string>.Fail("the integrated instruction contains a delimiter line");
        if (SeedWords.GuessLanguage(instruction) != language)
            return ReplyParse<string>.Fail($"the integrated instruction is not written in {ChecklistPrompts.LanguageName(language)}");
        foreach (var sub in checklist.SubInstructions)
        {
            foreach (Match m in Number().Matches(sub))
            {
                if (!instruction.Contains(m.Value, StringComparison.Ordinal))
                    return ReplyParse<string>.Fail($"the number {m.Value} of the sub-instruction \"{sub}\" is missing: keep every detail");
            }
        }
        return ReplyParse<string>.Ok(instruction);
    }

    // The text between the one start and the one end delimiter; null, or the error.
    private static string? Delimited(string reply, string start, string end, out string body)
    {
        body = "";
        string text = reply.Replace("\r\n", "\n", StringComparison.Ordinal);
        int first = text.IndexOf(start, StringComparison.Ordinal);
        if (first < 0)
            return $"the line \"{start}\" is missing";
        if (text.IndexOf(start, first + start.Length, StringComparison.Ordinal) >= 0)
            return $"the line \"{start}\" occurs more than once";
        int last = text.IndexOf(end, StringComparison.Ordinal);
        if (last < 0)
            return $"the line \"{end}\" is missing";
        if (text.IndexOf(end, last + end.Length, StringComparison.Ordinal) >= 0)
            return $"the line \"{end}\" occurs more than once";
        if (last < first)
            return $"the line \"{end}\" comes before \"{start}\"";
        body = text[(first + start.Length)..last];
        return null;
    }

    private static bool IsHeading(string line, string heading) =>
        string.Equals(line.TrimEnd(':', '：'), heading.TrimEnd(':'), StringComparison.OrdinalIgnoreCase)
        && (line.EndsWith(':') || line.EndsWith('：'));

    private static List<string> Items(List<string> lines, ref int at, string? stopAtHeading, string what, out string? error)
    {
        error = null;
        var items = new List<string>();
        for (; at < lines.Count; at++)
        {
            string line = lines[at];
            if (stopAtHeading is not null && IsHeading(line, stopAtHeading))
                break;
            if (IsHeading(line, ChecklistPrompts.SubInstructionsHeading) || IsHeading(line, ChecklistPrompts.ScoringQuestionsHeading))
            {
                error = $"the heading \"{line}\" is out of place";
                return items;
            }
            var m = NumberedItem().Match(line);
            if (m.Success && int.TryParse(m.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture, out int number) && number == items.Count + 1)
            {
                string text = m.Groups[2].Value.Trim();
                if (text.Length == 0)
                {
                    error = $"{what} {number} is empty";
                    return items;
                }
                items.Add(text);
                continue;
            }
            if (m.Success && m.Groups[1].Value == "1" && stopAtHeading is not null)
            {
                error = $"the heading \"{stopAtHeading}\" is missing (the numbering starts again at 1)";
                return items;
            }
            if (m.Success)
            {
                error = $"{what}s must be numbered 1, 2, 3, … in order; found \"{m.Groups[1].Value}.\" after {items.Count}";
                return items;
            }
            if (items.Count == 0)
            {
                error = $"expected {what} 1, found \"{line}\"";
                return items;
            }
            items[^1] += "\n" + line;
        }
        return items;
    }
}
