using Raif.Evaluation.Numerics;

namespace Raif.Evaluation.CfBench;

/// <summary>
/// CFBench's two judge-reply parsers (upstream <c>code/evalaute.py</c>, <c>_get_judge_scores</c> and
/// <c>_get_judge_scores_guaranteed</c>).
/// </summary>
public static class CfBenchJudgeParser
{
    /// <summary>
    /// The strict parse: the reply split on <c>"\n\n"</c> gives exactly one line per criterion, each
    /// <c>"&lt;criterion text&gt;\t&lt;score&gt;"</c> with the text equal to the criterion's and <c>float(score)</c> 0 or 1.
    /// Returns the stripped score strings, or null when any check fails.
    /// </summary>
    public static IReadOnlyList<string>? ParseStrict(string reply, IReadOnlyList<string> criteria)
    {
        string[] judges = reply.Split("\n\n");
        if (judges.Length != criteria.Count)
            return null;
        var scores = new List<string>(judges.Length);
        for (int i = 0; i < judges.Length; i++)
        {
            string[] parts = judges[i].Split('\t');
            if (parts.Length != 2 || parts[0] != criteria[i])
                return null;
            if (!PythonFloat.TryParse(parts[1], out double value) || (value != 0 && value != 1))
                return null;
            scores.Add(PythonFloat.Strip(parts[1]));
        }
        return scores;
    }

    /// <summary>
    /// The fallback after the last re-ask: lines split on <c>"\n"</c>; of each line with exactly one tab, the score
    /// is kept only when <c>float(score)</c> is truthy and 0 or 1, that is when it is 1 — upstream keeps the ones and
    /// drops the zeros. A score that is not a number makes upstream's script fail; here that is a
    /// <see cref="FormatException"/>.
    /// </summary>
    public static IReadOnlyList<string> ParseFallback(string reply)
    {
        var scores = new List<string>();
        foreach (string judge in reply.Split('\n'))
        {
            string[] parts = judge.Split('\t');
            if (parts.Length != 2)
                continue;
            if (!PythonFloat.TryParse(parts[1], out double value))
                throw new FormatException($"could not convert string to float: '{parts[1]}' (upstream's fallback parser stops here)");
            if (value == 1)
                scores.Add(PythonFloat.Strip(parts[1]));
        }
        return scores;
    }
}
