using Raif.Core.Templates;
using Raif.Evaluation.FbBench;
using Raif.Evaluation.Judging;
using Raif.Evaluation.Output;
using Raif.Evaluation.Run;

namespace Raif.Evaluation.Benchmarks;

/// <summary>
/// FB-Bench for <c>raif eval run</c>: the model answers the second turn after [user_query, origin_first_response]
/// (id = 0-based index); judged and scored as <c>raif eval fbbench</c>; Table 1 reports the mean of the
/// error-correction and response-maintenance scores (spec §9.1).
/// </summary>
public sealed class FbBenchBenchmark : IBenchmark
{
    public string Name => "fbbench";

    public bool NeedsJudge => true;

    public IReadOnlyList<EvalPrompt> LoadPrompts(string dataDir, CancellationToken cancellationToken = default) =>
        [.. FbBenchData.ReadItems(dataDir).Select(i => new EvalPrompt(i.Id,
            [ChatTurn.User(i.UserQuery), ChatTurn.Assistant(i.OriginFirstResponse), ChatTurn.User(i.Feedback)]))];

    public async Task<BenchmarkResult> ScoreAsync(string dataDir, IReadOnlyList<string> ids, IReadOnlyDictionary<string, string> responses,
        JudgeClient? judge, string outputDir, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(judge);
        var items = FbBenchData.ReadItems(dataDir);
        var prompt = JudgePromptFile.TryRead(dataDir) is { } text ? new FbBenchPrompt(text) : null;
        var results = await new FbBenchScorer(prompt).ScoreAsync(items, BenchmarkResponses.Select(Name, ids, responses), judge, null, cancellationToken).ConfigureAwait(false);
        var scores = FbBenchScores.Compute(results);
        EvalOutputFolder.Write(outputDir, results.Select(FbBenchScores.ItemJson), scores.ToJson(), scores.Markdown());
        double headline = ((scores.Headline.ErrorCorrection ?? 0) + (scores.Headline.ResponseMaintenance ?? 0)) / 2;
        return new BenchmarkResult(headline, "mean of error_correction and response_maintenance", scores.ToJson());
    }
}
