using System.Text.RegularExpressions;

namespace Raif.Evaluation.Benchmarks.FollowBench;

/// <summary>
/// A parsed judge verdict: <see cref="Hard"/> 1/0 and <see cref="Soft"/> the share of YES, or both −1 where upstream's
/// parser fails (upstream logs "You must manually fix the evaluation" and sums the −1 into HSR/SSR as it is).
/// </summary>
public sealed record FollowBenchVerdict(int Hard, double Soft, IReadOnlyList<bool>? ConstraintSatisfied)
{
    public static readonly FollowBenchVerdict Unparsed = new(-1, -1, null);

    public bool ParseFailed => Hard == -1;
}

/// <summary>
/// upstream <c>paring_discriminative_generation</c>: the last line of the reply (after stripping backticks and
/// whitespace) holds the verdict. Level 1: "YES" anywhere in it → 1, else "NO" → 0. Level ≥ 2: the first
/// <c>[…]</c> span is evaluated as a Python list; EN needs exactly <c>level</c> elements, each YES or one of NO,
/// PARTIAL, MAYBE, UNKNOWN, N/A; ZH first turns curly quotes straight, quotes bare YES/NO when the list has no
/// quotes, takes the first <c>level</c> of at least <c>level</c> elements, and accepts NO, PARTIAL, PARTIALLY, MAYBE,
/// UNKNOWN. Anything else is (−1, −1).
/// </summary>
public static class FollowBenchJudgeReply
{
    private static readonly Regex Bracketed = new(@"\[.*\]", RegexOptions.CultureInvariant);
    private static readonly string[] EnNo = ["NO", "PARTIAL", "MAYBE", "UNKNOWN", "N/A"];
    private static readonly string[] ZhNo = ["NO", "PARTIAL", "PARTIALLY", "MAYBE", "UNKNOWN"];

    public static FollowBenchVerdict Parse(string reply, int level, FollowBenchLanguage language)
    {
        string last;
        if (language == FollowBenchLanguage.En)
        {
            last = reply.Trim('`').Trim().Split('\n')[^1];
        }
        else
        {
            reply = reply.Replace('“', '"').Replace('”', '"');
            last = reply.Trim('`').Trim(' ').Trim('\n').Split('\n')[^1].Trim(' ');
        }

        if (level == 1)
        {
            if (last.Contains("YES", StringComparison.Ordinal))
                return new FollowBenchVerdict(1, 1, [true]);
            if (last.Contains("NO", StringComparison.Ordinal))
                return new FollowBenchVerdict(0, 0, [false]);
            return FollowBenchVerdict.Unparsed;
        }

        var match = Bracketed.Match(last);
        if (!match.Success)
            return FollowBenchVerdict.Unparsed;
        string listText = match.Value;
        if (language == FollowBenchLanguage.Zh && !listText.Contains('"') && !listText.Contains('\''))
            listText = listText.Replace("YES", "'YES'", StringComparison.Ordinal).Replace("NO", "'NO'", StringComparison.Ordinal);
        if (!PythonStringList.TryParse(listText, out var values))
            return FollowBenchVerdict.Unparsed;
        if (language == FollowBenchLanguage.En ? values.Count != level : values.Count < level)
            return FollowBenchVerdict.Unparsed;
        var satisfied = new List<bool>(level);
        foreach (string v in values.Take(level))
        {
            if (v == "YES")
                satisfied.Add(true);
            else if ((language == FollowBenchLanguage.En ? EnNo : ZhNo).Contains(v))
                satisfied.Add(false);
            else
                return FollowBenchVerdict.Unparsed;
        }
        int yes = satisfied.Count(s => s);
        return new FollowBenchVerdict(yes == level ? 1 : 0, (double)yes / level, satisfied);
    }
}
