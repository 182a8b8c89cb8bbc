using Microsoft.Extensions.AI;
using Raif.Evaluation.Judging;
using Raif.Evaluation.Responses;

namespace Raif.Evaluation.CfBench;

/// <summary>CFBench scored: per-item results in input order, and the order upstream averages them in.</summary>
public sealed record CfBenchRun(IReadOnlyList<CfBenchItemScore> Items, IReadOnlyList<CfBenchItemScore> UpstreamOrder);

/// <summary>
/// Judges and scores CFBench items as upstream's <c>Evaluation._judged</c>: one judge call per item; a reply the strict
/// parser rejects is re-asked, up to 10 replies in all; after the tenth the fallback parser reads the last reply.
/// </summary>
public sealed class CfBenchScorer(CfBenchPrompt? prompt)
{
    /// <summary>Upstream's <c>MAX_RETRY_NUM</c> in <c>_judged</c>: replies per item before the fallback parser.</summary>
    public const int MaxReplies = 10;

    /// <summary>
    /// Scores the items with a response (in the response file's order), or, without responses, every item that has a
    /// logged reply (in data order).
    /// </summary>
    public async Task<CfBenchRun> ScoreAsync(IReadOnlyList<CfBenchItem> items, ResponseSet? responses, JudgeClient judge,
        IProgress<JudgeProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var selected = Select(items, responses, judge.Log);
        var results = await JudgedItems.ScoreAllAsync(selected, judge, (item, token) => ScoreItemAsync(item, responses, judge, token), progress, cancellationToken)
            .ConfigureAwait(false);
        // Upstream appends items as they parse, round by round (strictly parsed after 1 reply, after 2, …), and the
        // fallback ones last; its means are taken in that order.
        var upstreamOrder = results.Select((r, i) => (r, i))
            .OrderBy(x => x.r.Score.JudgeParsing == CfBenchParsing.Strict ? x.r.Replies : MaxReplies + 1)
            .ThenBy(x => x.i)
            .Select(x => x.r.Score).ToList();
        return new CfBenchRun([.. results.Select(r => r.Score)], upstreamOrder);
    }

    private async Task<(CfBenchItemScore Score, int Replies)> ScoreItemAsync(CfBenchItem item, ResponseSet? responses, JudgeClient judge, CancellationToken cancellationToken)
    {
        var criteria = item.Criteria.Select(c => c.Text).ToList();
        string reply = "";
        for (int attempt = 0; attempt < MaxReplies; attempt++)
        {
            reply = await AskAsync(item, attempt, responses, judge, cancellationToken).ConfigureAwait(false);
            var strict = CfBenchJudgeParser.ParseStrict(reply, criteria);
            if (strict is { Count: > 0 })
                return (CfBenchItemScore.Compute(item, CfBenchParsing.Strict, strict), attempt + 1);
        }
        IReadOnlyList<string> fallback;
        try
        {
            fallback = CfBenchJudgeParser.ParseFallback(reply);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"CFBench item {item.Id}: the last of {MaxReplies} judge replies fails upstream's fallback parser: {e.Message}", e);
        }
        return fallback.Count == 0
            ? (CfBenchItemScore.Compute(item, CfBenchParsing.Failed, ["0"]), MaxReplies)
            : (CfBenchItemScore.Compute(item, CfBenchParsing.Fallback, fallback), MaxReplies);
    }

    private Task<string> AskAsync(CfBenchItem item, int attempt, ResponseSet? responses, JudgeClient judge, CancellationToken cancellationToken)
    {
        if (judge.Log.TryGet(item.Id, null, attempt, out string logged))
            return Task.FromResult(logged);
        if (responses is null || !responses.TryGet(item.Id, out string response))
            throw new InvalidDataException($"CFBench item {item.Id}: judge reply {attempt + 1} is not in the judgments and there is no response to judge");
        if (prompt is null)
            throw new InvalidDataException($"CFBench item {item.Id}: judge reply {attempt + 1} is not in the judgments; asking a judge needs CFBench's judge prompt (--judge-prompt)");
        return judge.AskAsync(item.Id, null, [new ChatMessage(ChatRole.User, prompt.Render(item, response))], attempt, cancellationToken);
    }

    private static List<CfBenchItem> Select(IReadOnlyList<CfBenchItem> items, ResponseSet? responses, JudgmentLog log)
    {
        var byId = items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        if (responses is null)
            return [.. items.Where(i => log.Attempts(i.Id, null).Count > 0)];
        var selected = new List<CfBenchItem>(responses.Count);
        foreach (string id in responses.Ids)
            selected.Add(byId.TryGetValue(id, out var item) ? item
                : throw new InvalidDataException($"{responses.Source}: response for idx {id}, which is not in {CfBenchData.DataFile}"));
        return selected;
    }
}
