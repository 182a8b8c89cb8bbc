using Raif.Evaluation.Numerics;

namespace Raif.Evaluation.CfBench;

/// <summary>How a judge reply was read: <c>"1"</c> strict parse, <c>"0"</c> fallback, <c>"-1"</c> fallback found nothing (scored <c>["0"]</c>).</summary>
public static class CfBenchParsing
{
    public const string Strict = "1";
    public const string Fallback = "0";
    public const string Failed = "-1";
}

/// <summary>
/// One item's judged result and its metrics, as upstream's <c>_score_compute</c>: CSR = mean of the 0/1 scores
/// rounded to 2 places; ISR = 1 only when CSR is 1; PSR by the priority rule.
/// </summary>
public sealed record CfBenchItemScore(string Id, string Split, string JudgeParsing, IReadOnlyList<string> JudgeScore, double Csr, int Isr, int Psr)
{
    public const string Primary = "主需";
    public const string Secondary = "次需";

    /// <summary>
    /// PSR: a strict parse needs every primary criterion met; then all-secondary items need CSR &gt; 0.8, all-primary
    /// items pass, mixed items need 0.5 + 0.5·round(mean(secondary), 2) &gt; 0.8. A fallback parse passes when CSR
    /// &gt; 0.8; a failed parse scores 0.
    /// </summary>
    public static CfBenchItemScore Compute(CfBenchItem item, string judgeParsing, IReadOnlyList<string> judgeScore)
    {
        var scores = judgeScore.Select(s => PythonFloat.TryParse(s, out double v) ? v
            : throw new InvalidDataException($"CFBench item {item.Id}: judge score '{s}' is not a number")).ToArray();
        double csr = PythonRound.Round(NumpyMean.Mean(scores), 2);
        int isr = csr < 1 ? 0 : 1;
        int psr;
        switch (judgeParsing)
        {
            case CfBenchParsing.Failed:
                psr = 0;
                break;
            case CfBenchParsing.Fallback:
                psr = csr > 0.8 ? 1 : 0;
                break;
            case CfBenchParsing.Strict:
                if (item.Criteria.Count != scores.Length)
                    throw new InvalidDataException($"CFBench item {item.Id}: {scores.Length} judge scores for {item.Criteria.Count} criteria");
                var primary = new List<double>();
                var secondary = new List<double>();
                for (int i = 0; i < scores.Length; i++)
                {
                    string priority = item.Criteria[i].Priority;
                    if (priority == Primary)
                        primary.Add(scores[i]);
                    else if (priority == Secondary)
                        secondary.Add(scores[i]);
                    else
                        throw new InvalidDataException($"CFBench item {item.Id}: criterion {i} has priority '{priority}', expected {Primary} or {Secondary}");
                }
                if (primary.Contains(0))
                    psr = 0;
                else if (primary.Count == 0 && secondary.Count == scores.Length)
                    psr = csr > 0.8 ? 1 : 0;
                else if (primary.Count == scores.Length)
                    psr = 1;
                else
                    psr = 0.5 + 0.5 * PythonRound.Round(NumpyMean.Mean(secondary), 2) > 0.8 ? 1 : 0;
                break;
            default:
                throw new ArgumentException($"judge_parsing must be \"1\", \"0\" or \"-1\", got \"{judgeParsing}\"", nameof(judgeParsing));
        }
        return new CfBenchItemScore(item.Id, item.Split, judgeParsing, judgeScore, csr, isr, psr);
    }
}
