using Raif.Core.Templates;
using Raif.Evaluation.Benchmarks.FollowBench;
using Raif.Evaluation.Judging;
using Raif.Evaluation.Output;
using Raif.Evaluation.Run;

namespace Raif.Evaluation.Benchmarks;

/// <summary>
/// FollowBench for <c>raif eval run</c>, English and Chinese together as in the paper: every item at level ≥ 1 as one
/// user turn (id = <c>en:&lt;type&gt;:&lt;index&gt;</c> or <c>zh:…</c>), scored per language as <c>raif eval
/// followbench</c> (rules, and the judge for the rest). Table 1 reports the mean of 22 numbers: for each language the
/// overall HSR and SSR at levels 1–5 and the average CSL ÷ 3.68 as a percentage (3.68 = Qwen2.5-72B-Instruct's CSL,
/// spec §9.1).
/// </summary>
public sealed class FollowBenchBenchmark : IBenchmark
{
    /// <summary>The paper's CSL scale: Qwen2.5-72B-Instruct's CSL, so that CSL reads as a percentage.</summary>
    public const double CslScale = 3.68;

    private static readonly (string Prefix, FollowBenchLanguage Language)[] Languages = [("en", FollowBenchLanguage.En), ("zh", FollowBenchLanguage.Zh)];

    public string Name => "followbench";

    public bool NeedsJudge => true;

    public IReadOnlyList<EvalPrompt> LoadPrompts(string dataDir, CancellationToken cancellationToken = default)
    {
        var prompts = new List<EvalPrompt>();
        foreach (var (prefix, language) in Languages)
        {
            foreach (var (_, records) in FollowBenchEvaluation.ReadData(dataDir, language))
            {
                foreach (var record in records.Where(r => FollowBenchData.MethodOf(r, language) is not null))
                    prompts.Add(new EvalPrompt($"{prefix}:{record.Id}", [ChatTurn.User(record.Instruction)]));
            }
        }
        return prompts;
    }

    public async Task<BenchmarkResult> ScoreAsync(string dataDir, IReadOnlyList<string> ids, IReadOnlyDictionary<string, string> responses,
        JudgeClient? judge, string outputDir, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(judge);
        var asked = new HashSet<string>(ids, StringComparer.Ordinal);
        var numbers = new List<double>();
        var scores = new System.Text.Json.Nodes.JsonObject();
        foreach (var (prefix, language) in Languages)
        {
            // Only the items this run asked (all of them, or the first N of a limited run), in each language's own ids.
            var data = FollowBenchEvaluation.ReadData(dataDir, language).ToDictionary(
                kv => kv.Key,
                kv => (IReadOnlyList<FollowBenchRecord>)[.. kv.Value.Where(r => FollowBenchData.MethodOf(r, language) is null || asked.Contains($"{prefix}:{r.Id}"))]);
            var own = responses.Where(kv => kv.Key.StartsWith(prefix + ":", StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key[(prefix.Length + 1)..], kv => kv.Value, StringComparer.Ordinal);
            string dir = Path.Combine(outputDir, prefix);
            // EN and ZH number their items alike, so each language keeps its own judgments file.
            using var log = JudgmentLog.Open(Path.Combine(dir, "judgments.jsonl"));
            using var languageJudge = judge.WithLog(log);
            var items = await FollowBenchEvaluation.ScoreAsync(data, language, own, languageJudge, rulesOnly: false,
                "eval run responses", cancellationToken).ConfigureAwait(false);
            if (items.Count == 0)
                continue;
            var aggregate = FollowBenchEvaluation.Aggregate(items);
            var json = FollowBenchEvaluation.ScoresJson(aggregate, language, rulesOnly: false);
            EvalOutputFolder.Write(dir, items.Select(FollowBenchEvaluation.ItemJson), json,
                FollowBenchEvaluation.Report(aggregate, language, rulesOnly: false, items.Count, items.Count(i => !i.Scored)));
            scores[prefix] = json;
            var judged = FollowBenchEvaluation.JudgedTypes.Select(t => aggregate[t]).ToList();
            for (int level = 0; level < 5; level++)
            {
                numbers.Add(judged.Average(s => s.Hsr[level]));
                numbers.Add(judged.Average(s => s.Ssr![level]));
            }
            numbers.Add(100 * aggregate.Values.Average(s => s.Csl) / CslScale);
        }
        EvalOutputFolder.WriteScores(outputDir, scores);
        return new BenchmarkResult(numbers.Count == 0 ? double.NaN : numbers.Average(), "mean of HSR/SSR levels 1-5 and CSL/3.68, EN and ZH", scores);
    }
}
