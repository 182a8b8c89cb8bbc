using Microsoft.Extensions.AI;
using Raif.Core.Judging;
using Raif.Data.Remote;
using Raif.Data.Stages;
using Raif.Rewards.Judging;

namespace Raif.Data.Verification;

/// <summary>The judge's answers to a complex pair's scoring questions: one verdict per question, or why there is none.</summary>
public sealed record ChecklistOutcome(bool[]? Satisfied, string Method, string? Problem);

/// <summary>
/// Asks the judge every scoring question of a complex pair with the reward's own prompt (<see cref="JudgePrompt"/>,
/// spec §6.5): with an <see cref="IJudge"/> (<c>HttpJudge</c>, a local model) exactly as the RL reward does, YES
/// iff its continuation scores higher (<see cref="ChecklistVerdict"/>); with only a chat model, by generating the
/// answer and reading YES/NO (<see cref="ChecklistReplyParser"/>) — for servers without prompt log-probs.
/// </summary>
internal sealed class ChecklistJudge(IJudge? scorer, ResilientChat? chat, ChatOptions chatOptions, int formatRetries, string journalPath)
{
    public bool Available => scorer is not null || chat is not null;

    public async Task<ChecklistOutcome> AskAsync(string request, string answer, IReadOnlyList<string> questions, string recordId, CancellationToken cancellationToken)
    {
        if (scorer is not null)
        {
            var requests = questions.Select(q => JudgePrompt.Request(request, answer, q)).ToArray();
            IReadOnlyList<JudgeScores> scores;
            try
            {
                scores = await scorer.ScoreAsync(requests, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new EndpointFailedException($"judge {scorer.Name}", recordId, journalPath, e);
            }
            if (scores.Count != requests.Length)
                throw new EndpointFailedException($"judge {scorer.Name}", recordId, journalPath,
                    new InvalidDataException($"{scores.Count} scores for {requests.Length} questions"));
            return new ChecklistOutcome(scores.Select(ChecklistVerdict.IsSatisfied).ToArray(), "logprob", null);
        }

        var satisfied = new bool[questions.Count];
        for (int q = 0; q < questions.Count; q++)
        {
            ChatMessage[] messages =
            [
                new(ChatRole.System, JudgePrompt.SystemMessage),
                new(ChatRole.User, JudgePrompt.UserMessage(request, answer, questions[q])),
            ];
            bool? verdict = null;
            string? problem = null;
            for (int attempt = 0; attempt <= formatRetries && verdict is null; attempt++)
            {
                var reply = await chat!.GetResponseAsync(messages, chatOptions, recordId, cancellationToken).ConfigureAwait(false);
                verdict = ChecklistReplyParser.TryParse(reply.Text, out problem);
            }
            if (verdict is null)
                return new ChecklistOutcome(null, "chat", $"question #{q + 1}: {problem}");
            satisfied[q] = verdict.Value;
        }
        return new ChecklistOutcome(satisfied, "chat", null);
    }
}
