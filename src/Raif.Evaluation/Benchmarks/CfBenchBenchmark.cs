using Raif.Core.Templates;
using Raif.Evaluation.CfBench;
using Raif.Evaluation.Judging;
using Raif.Evaluation.Output;
using Raif.Evaluation.Responses;
using Raif.Evaluation.Run;

namespace Raif.Evaluation.Benchmarks;

/// <summary>
/// CFBench for <c>raif eval run</c>: the item's <c>prompt</c> as one user turn (id = <c>idx</c>); judged and scored as
/// <c>raif eval cfbench</c>; Table 1 reports the mean of full CSR, ISR and PSR (spec §9.1).
/// </summary>
public sealed class CfBenchBenchmark : IBenchmark
{
    public string Name => "cfbench";

    public bool NeedsJudge => true;

    public IReadOnlyList<EvalPrompt> LoadPrompts(string dataDir, CancellationToken cancellationToken = default) =>
        [.. CfBenchData.ReadItems(dataDir).Select(i => new EvalPrompt(i.Id, [ChatTurn.User(i.Prompt)]))];

    public async Task<BenchmarkResult> ScoreAsync(string dataDir, IReadOnlyList<string> ids, IReadOnlyDictionary<string, string> responses,
        JudgeClient? judge, string outputDir, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(judge);
        var items = CfBenchData.ReadItems(dataDir);
        var set = BenchmarkResponses.Select(Name, ids, responses);
        var prompt = JudgePromptFile.TryRead(dataDir) is { } text ? new CfBenchPrompt(text) : null;
        var run = await new CfBenchScorer(prompt).ScoreAsync(items, set, judge, null, cancellationToken).ConfigureAwait(false);
        var scores = CfBenchScores.Compute(run.UpstreamOrder);
        EvalOutputFolder.Write(outputDir, run.Items.Select(CfBenchReport.ItemJson), scores.ToJson(), CfBenchReport.Markdown(run, scores));
        var full = scores.Full;
        return new BenchmarkResult(100 * (full.Csr + full.Isr + full.Psr) / 3, "mean of CSR, ISR and PSR", scores.ToJson());
    }
}
