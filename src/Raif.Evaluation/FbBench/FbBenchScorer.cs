using Microsoft.Extensions.AI;
using Raif.Evaluation.Judging;
using Raif.Evaluation.Numerics;
using Raif.Evaluation.Python;
using Raif.Evaluation.Responses;

namespace Raif.Evaluation.FbBench;

/// <summary>One item's result: the accepted judgement and its score, or (after upstream's tries are spent) neither.</summary>
public sealed record FbBenchItemScore(FbBenchItem Item, OrderedDictionary<string, object?>? Judgement, PyNumber? PyScore, int Replies, string? LastProblem)
{
    public string Id => Item.Id;

    public bool Judged => PyScore is not null;

    /// <summary>The item's score, or null when upstream would have written no judgment.</summary>
    public double? Score => PyScore?.Value;
}

/// <summary>
/// Judges FB-Bench items as upstream: <c>judgment()</c> tries 3 times; in each try <c>chat_completion_openai</c> asks up
/// to 10 times until the reply is JSON (a falsy JSON value, such as <c>{}</c>, ends the try as an API error); a
/// reply that fails <c>check_gpt_judge</c>, or whose score leaves [0, 1] by more than 1e-6, fails the try. After three
/// failed tries upstream writes no judgment: the item is left out of every average. Replies are logged per attempt,
/// so a resumed run replays them in the same order.
/// </summary>
public sealed class FbBenchScorer(FbBenchPrompt? prompt)
{
    public const int Tries = 3;
    public const int RequestsPerTry = 10;

    /// <summary>
    /// What upstream's <c>chat_completion_openai</c> returns when OpenAI refuses the prompt for repetitive patterns; the
    /// item then scores 0 with the judgement <c>{"API fialed": "$REPETITIVE PATTERNS$"}</c> (sic). A logged reply with
    /// this exact text is read the same way, so upstream's judgment files can be replayed.
    /// </summary>
    public const string RepetitivePatterns = "$REPETITIVE PATTERNS$";

    public async Task<IReadOnlyList<FbBenchItemScore>> ScoreAsync(IReadOnlyList<FbBenchItem> items, ResponseSet? responses, JudgeClient judge,
        IProgress<JudgeProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var selected = Select(items, responses, judge.Log);
        return await JudgedItems.ScoreAllAsync(selected, judge, (item, token) => ScoreItemAsync(item, responses, judge, token), progress, cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<FbBenchItemScore> ScoreItemAsync(FbBenchItem item, ResponseSet? responses, JudgeClient judge, CancellationToken cancellationToken)
    {
        int attempt = 0;
        string? problem = null;
        for (int t = 0; t < Tries; t++)
        {
            object? parsed = null;
            bool gotJson = false;
            for (int r = 0; r < RequestsPerTry; r++)
            {
                string reply = await AskAsync(item, attempt++, responses, judge, cancellationToken).ConfigureAwait(false);
                if (reply == RepetitivePatterns)
                {
                    var failed = new OrderedDictionary<string, object?>(StringComparer.Ordinal) { ["API fialed"] = RepetitivePatterns };
                    return new FbBenchItemScore(item, failed, PyNumber.Int(0), attempt, null);
                }
                if (!PyJson.TryLoads(reply, out parsed, out string error))
                {
                    problem = $"not JSON ({error})";
                    continue;
                }
                gotJson = PyJson.Truthy(parsed);
                if (!gotJson)
                    problem = "an empty JSON value";
                break;
            }
            if (!gotJson)
                continue;
            problem = FbBenchJudgement.Check(parsed);
            if (problem is not null)
                continue;
            var judgement = (OrderedDictionary<string, object?>)parsed!;
            var score = FbBenchJudgement.Score(judgement);
            if (score.Value < 0 - 1e-6 || score.Value > 1 + 1e-6)
            {
                problem = $"score {score.Value} outside [0, 1]";
                continue;
            }
            return new FbBenchItemScore(item, judgement, score, attempt, null);
        }
        return new FbBenchItemScore(item, null, null, attempt, problem);
    }

    private Task<string> AskAsync(FbBenchItem item, int attempt, ResponseSet? responses, JudgeClient judge, CancellationToken cancellationToken)
    {
        if (judge.Log.TryGet(item.Id, null, attempt, out string logged))
            return Task.FromResult(logged);
        if (responses is null || !responses.TryGet(item.Id, out string response))
            throw new InvalidDataException($"FB-Bench item {item.Id}: judge reply {attempt + 1} is not in the judgments and there is no response to judge");
        if (prompt is null)
            throw new InvalidDataException($"FB-Bench item {item.Id}: judge reply {attempt + 1} is not in the judgments; asking a judge needs FB-Bench's judge prompt (--judge-prompt)");
        return judge.AskAsync(item.Id, null, [new ChatMessage(ChatRole.User, prompt.Render(item, response))], attempt, jsonReply: true, cancellationToken);
    }

    private static List<FbBenchItem> Select(IReadOnlyList<FbBenchItem> items, ResponseSet? responses, JudgmentLog log)
    {
        if (responses is null)
            return [.. items.Where(i => log.Attempts(i.Id, null).Count > 0)];
        var byId = items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        return [.. responses.Ids.Select(id => byId.TryGetValue(id, out var item) ? item
            : throw new InvalidDataException($"{responses.Source}: response for item {id}, which is not in {FbBenchData.DataFile}"))];
    }
}
