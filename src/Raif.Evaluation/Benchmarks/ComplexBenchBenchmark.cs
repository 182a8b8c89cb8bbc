using Raif.Core.Templates;
using Raif.Evaluation.Benchmarks.ComplexBench;
using Raif.Evaluation.Judging;
using Raif.Evaluation.Output;
using Raif.Evaluation.Run;

namespace Raif.Evaluation.Benchmarks;

/// <summary>
/// ComplexBench for <c>raif eval run</c>: each entry's <c>instruction</c> (Chinese) as one user turn (id =
/// <c>main_id</c>); extracted, judged and aggregated as <c>raif eval complexbench</c> with <c>--lang zh</c>; Table 1
/// reports <c>overall_drfr</c>. Needs upstream's <c>data_final.json</c> in the data folder.
/// </summary>
public sealed class ComplexBenchBenchmark : IBenchmark
{
    public string Name => "complexbench";

    public bool NeedsJudge => true;

    public IReadOnlyList<EvalPrompt> LoadPrompts(string dataDir, CancellationToken cancellationToken = default) =>
        [.. ComplexBenchData.ReadItems(dataDir).Select(i => new EvalPrompt(i.Id, [ChatTurn.User(i.Instruction)]))];

    public async Task<BenchmarkResult> ScoreAsync(string dataDir, IReadOnlyList<string> ids, IReadOnlyDictionary<string, string> responses,
        JudgeClient? judge, string outputDir, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(judge);
        var items = ComplexBenchData.ReadItems(dataDir);
        var selected = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (string id in ids)
            selected[id] = responses.TryGetValue(id, out var r) ? r : throw new InvalidDataException($"{Name}: no response for item {id}");
        var results = await ComplexBenchScorer.ScoreAsync(items, new ComplexBenchResponses($"{Name} responses", selected), judge,
            ComplexBenchLanguage.Zh, null, cancellationToken).ConfigureAwait(false);
        var scores = ComplexBenchReport.Scores(results);
        EvalOutputFolder.Write(outputDir, results.Select(ComplexBenchReport.ItemJson), scores, ComplexBenchReport.Markdown(results, scores));
        double overall = scores["overall_drfr"]?.GetValue<double>() ?? double.NaN;
        return new BenchmarkResult(100 * overall, "overall DRFR", scores);
    }
}
