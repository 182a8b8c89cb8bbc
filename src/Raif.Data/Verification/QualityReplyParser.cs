namespace Raif.Data.Verification;

/// <summary>A quality check's verdict: True (the example has the property), False, or NA (does not apply).</summary>
public enum QualityVerdict
{
    True,
    False,
    NA,
}

/// <summary>A parsed quality-check reply: the verdict and the judge's one-line analysis.</summary>
public sealed record QualityReply(QualityVerdict Verdict, string Analysis);

/// <summary>
/// Reads the verdict block every quality prompt asks for, strictly: after any reasoning, exactly one block
/// <c>[Verdict]</c> … <c>[End of Verdict]</c> with nothing but white space after it, holding an <c>Analysis:</c>
/// line with text (continuation lines allowed) and, last, a <c>Result:</c> line whose value is exactly
/// <c>True</c>, <c>False</c> or <c>NA</c>. Anything else is a broken reply, never a guessed verdict.
/// </summary>
public static class QualityReplyParser
{
    public const string Start = "[Verdict]";
    public const string End = "[End of Verdict]";
    private const string AnalysisLabel = "Analysis:";
    private const string ResultLabel = "Result:";

    public static QualityReply? TryParse(string reply, out string? problem)
    {
        string text = JudgeReplyText.WithoutReasoning(reply);
        int starts = Count(text, Start), ends = Count(text, End);
        if (starts != 1 || ends != 1)
        {
            problem = starts == 0 || ends == 0 ? "no verdict block" : "more than one verdict block";
            return null;
        }
        int start = text.IndexOf(Start, StringComparison.Ordinal), end = text.IndexOf(End, StringComparison.Ordinal);
        if (end < start)
        {
            problem = $"{End} before {Start}";
            return null;
        }
        if (text[(end + End.Length)..].Trim().Length > 0)
        {
            problem = "text after the verdict block";
            return null;
        }
        var lines = text[(start + Start.Length)..end].Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (lines.Length < 2 || !lines[0].StartsWith(AnalysisLabel, StringComparison.Ordinal))
        {
            problem = $"the block does not start with an '{AnalysisLabel}' line";
            return null;
        }
        string analysis = string.Join(" ", new[] { lines[0][AnalysisLabel.Length..].Trim() }.Concat(lines[1..^1])).Trim();
        if (analysis.Length == 0)
        {
            problem = "empty analysis";
            return null;
        }
        if (lines[1..^1].Any(l => l.StartsWith(ResultLabel, StringComparison.Ordinal)))
        {
            problem = $"more than one '{ResultLabel}' line";
            return null;
        }
        string last = lines[^1];
        if (!last.StartsWith(ResultLabel, StringComparison.Ordinal))
        {
            problem = $"the block does not end with a '{ResultLabel}' line";
            return null;
        }
        QualityVerdict? verdict = last[ResultLabel.Length..].Trim() switch
        {
            "True" => QualityVerdict.True,
            "False" => QualityVerdict.False,
            "NA" => QualityVerdict.NA,
            _ => null,
        };
        if (verdict is null)
        {
            problem = $"the result '{last[ResultLabel.Length..].Trim()}' is not True, False or NA";
            return null;
        }
        problem = null;
        return new QualityReply(verdict.Value, analysis);
    }

    private static int Count(string text, string value) => Raif.Core.Responses.StructureValidator.CountNonOverlapping(text, value);
}
