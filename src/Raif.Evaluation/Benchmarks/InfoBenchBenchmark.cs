using Raif.Core.Templates;
using Raif.Evaluation.InfoBench;
using Raif.Evaluation.Judging;
using Raif.Evaluation.Output;
using Raif.Evaluation.Run;

namespace Raif.Evaluation.Benchmarks;

/// <summary>
/// InfoBench for <c>raif eval run</c>: the instruction, then the input when there is one, as one user turn (upstream
/// does not fix the generation prompt; this is an assumption, see docs/evaluation.md); judged and scored as
/// <c>raif eval infobench</c>; Table 1 reports overall DRFR.
/// </summary>
public sealed class InfoBenchBenchmark : IBenchmark
{
    public string Name => "infobench";

    public bool NeedsJudge => true;

    public IReadOnlyList<EvalPrompt> LoadPrompts(string dataDir, CancellationToken cancellationToken = default) =>
        [.. InfoBenchData.ReadItems(dataDir, cancellationToken).Select(i => new EvalPrompt(i.Id,
            [ChatTurn.User(i.Input.Length > 0 ? $"{i.Instruction}\n{i.Input}" : i.Instruction)]))];

    public async Task<BenchmarkResult> ScoreAsync(string dataDir, IReadOnlyList<string> ids, IReadOnlyDictionary<string, string> responses,
        JudgeClient? judge, string outputDir, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(judge);
        var items = InfoBenchData.ReadItems(dataDir, cancellationToken);
        var evals = await InfoBenchScorer.ScoreAsync(items, BenchmarkResponses.Select(Name, ids, responses), judge, null, cancellationToken).ConfigureAwait(false);
        var scores = InfoBenchScores.Compute(evals);
        EvalOutputFolder.Write(outputDir, evals.Select(InfoBenchScores.ItemJson), scores.ToJson(), scores.Markdown(evals.Count));
        return new BenchmarkResult(100 * scores.Drfr, "DRFR", scores.ToJson());
    }
}
