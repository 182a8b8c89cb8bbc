using Raif.Core.Judging;

namespace Raif.Rewards.Judging;

/// <summary>
/// A complex sample that passed its preconditions and waits for the judge: the result so far (format fields), its
/// questions, one judge request per question and the offline score for the superiority flag.
/// </summary>
internal sealed record ChecklistJob(RewardResult Partial, IReadOnlyList<string> Questions, IReadOnlyList<JudgeRequest> Requests, double OfflineScore)
{
    /// <summary>Builds the requests: the request text is rebuilt from the prompt, the answer block is what is judged.</summary>
    public static ChecklistJob Create(RewardResult partial, ResponseView view, ComplexTarget target)
    {
        string request = UserRequest.Rebuild(view.Analysis.Template!, view.Analysis.ModelInput);
        var requests = target.ScoringQuestions.Select(q => JudgePrompt.Request(request, view.Answer!, q)).ToArray();
        return new ChecklistJob(partial, target.ScoringQuestions, requests, target.OfflineScore);
    }

    /// <summary>The final result from the judge's scores for this job's requests.</summary>
    public RewardResult Complete(IReadOnlyList<JudgeScores> scores)
    {
        var satisfied = scores.Select(ChecklistVerdict.IsSatisfied).ToArray();
        int yes = satisfied.Count(s => s);
        int n = satisfied.Length;
        string reason = $"{Partial.Reason}; complex: {yes}/{n} YES";
        if (yes < n)
            reason += "; NO: " + string.Join(", ", Enumerable.Range(0, n).Where(i => !satisfied[i]).Select(i => $"#{i + 1}"));
        return Partial with
        {
            AnswerReward = PartialCredit.Reward(yes, n),
            PassCount = yes,
            N = n,
            Scored = true,
            Accuracy = PartialCredit.Accuracy(yes, n),
            Superior = Superiority.IsSuperior(yes, OfflineScore),
            Reason = reason,
            FollowList = satisfied,
        };
    }
}
