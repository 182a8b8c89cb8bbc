using Microsoft.Extensions.AI;
using Raif.Evaluation.Judging;
using Raif.Evaluation.Responses;

namespace Raif.Evaluation.InfoBench;

/// <summary>One item's verdicts: one per question asked (true/false), ending with null where upstream stopped early.</summary>
public sealed record InfoBenchItemEval(string Id, string Subset, IReadOnlyList<bool?> Eval);

/// <summary>
/// Judges InfoBench items as upstream's <c>run_evaluation</c>: per item one conversation, one question per turn,
/// each reply parsed at once; an unparseable reply records null and ends the item (later questions are not asked).
/// Items run concurrently; the questions of one item are sequential, since each turn carries the earlier replies.
/// </summary>
public static class InfoBenchScorer
{
    /// <summary>Scores the items with a response (file order), or without responses every item with logged replies (data order).</summary>
    public static async Task<IReadOnlyList<InfoBenchItemEval>> ScoreAsync(IReadOnlyList<InfoBenchItem> items, ResponseSet? responses, JudgeClient judge,
        IProgress<JudgeProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var selected = Select(items, responses, judge.Log);
        return await JudgedItems.ScoreAllAsync(selected, judge, (item, token) => ScoreItemAsync(item, responses, judge, token), progress, cancellationToken)
            .ConfigureAwait(false);
    }

    private static async Task<InfoBenchItemEval> ScoreItemAsync(InfoBenchItem item, ResponseSet? responses, JudgeClient judge, CancellationToken cancellationToken)
    {
        string? output = responses is not null && responses.TryGet(item.Id, out string r) ? r : null;
        var conversation = new List<ChatMessage>();
        var eval = new List<bool?>(item.Questions.Count);
        for (int q = 0; q < item.Questions.Count; q++)
        {
            string reply;
            if (judge.Log.TryGet(item.Id, q, 0, out string logged))
            {
                reply = logged;
                // The turn's text is only needed if a later question must be asked; keep a placeholder otherwise.
                conversation.Add(new ChatMessage(ChatRole.User, output is null ? "" : InfoBenchJudge.UserTurn(item, output, q)));
            }
            else
            {
                if (output is null)
                    throw new InvalidDataException($"InfoBench item {item.Id}: no judge reply for question {q} in the judgments and no response to judge");
                conversation.Add(new ChatMessage(ChatRole.User, InfoBenchJudge.UserTurn(item, output, q)));
                reply = await judge.AskAsync(item.Id, q, [.. conversation], 0, cancellationToken).ConfigureAwait(false);
            }
            conversation.Add(new ChatMessage(ChatRole.Assistant, reply));
            bool? verdict = InfoBenchJudge.Parse(reply);
            eval.Add(verdict);
            if (verdict is null)
                break;
        }
        return new InfoBenchItemEval(item.Id, item.Subset, eval);
    }

    private static List<InfoBenchItem> Select(IReadOnlyList<InfoBenchItem> items, ResponseSet? responses, JudgmentLog log)
    {
        if (responses is null)
            return [.. items.Where(i => log.Attempts(i.Id, 0).Count > 0)];
        var byId = items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        return [.. responses.Ids.Select(id => byId.TryGetValue(id, out var item) ? item
            : throw new InvalidDataException($"{responses.Source}: response for id {id}, which is not in {InfoBenchData.DataFile}"))];
    }
}
