using Raif.Core.Judging;
using Raif.Core.Tasks;
using Raif.Rewards.IfEval;
using Raif.Rewards.Judging;
using Raif.Rewards.Maths;

namespace Raif.Rewards;

/// <summary>
/// Turns rollouts into RAIF rewards (spec §6–7): routes each by task, computes the format reward on
/// <c>input + output</c>, checks the answer with the verifier of its task (IFEval constraints, judge checklist or
/// maths), and records the superiority flag and an audit reason. Thread-safe; rule-based samples of a batch are
/// scored in parallel and all judge questions of a batch go to the judge in one call.
/// </summary>
public sealed class RewardCalculator
{
    /// <summary>The error of a complex sample when no judge was given.</summary>
    public const string NoJudgeError = "no judge configured: complex tasks are scored by an LLM judge";

    private readonly RewardOptions _options;
    private readonly IJudge? _judge;
    private readonly IfevalAnswerChecker _ifeval;
    private readonly IfevalAnswerChecker _ifbench;

    public RewardCalculator(RewardOptions? options = null, IJudge? judge = null)
    {
        _options = options ?? new RewardOptions();
        _judge = judge;
        _ifeval = new IfevalAnswerChecker(_options.IfevalVariant);
        _ifbench = new IfevalAnswerChecker(_options.IfevalVariant, withIfbench: true);
    }

    /// <summary>The options in use.</summary>
    public RewardOptions Options => _options;

    /// <summary>Scores one rollout.</summary>
    public async Task<RewardResult> ScoreAsync(RewardInput input, CancellationToken cancellationToken = default)
    {
        var results = await ScoreBatchAsync([input], cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    /// <summary>
    /// Scores a batch; the results are in input order. A sample that cannot be scored gets a result with
    /// <see cref="RewardResult.Error"/> set; the rest of the batch is unaffected. Cancellation throws.
    /// </summary>
    public async Task<IReadOnlyList<RewardResult>> ScoreBatchAsync(IReadOnlyList<RewardInput> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var results = new RewardResult[inputs.Count];
        var jobs = new ChecklistJob?[inputs.Count];
        if (inputs.Count == 1)
        {
            results[0] = ScoreLocally(inputs[0], cancellationToken, out jobs[0]);
        }
        else
        {
            var parallel = new ParallelOptions
            {
                CancellationToken = cancellationToken,
                MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism > 0 ? _options.MaxDegreeOfParallelism : Environment.ProcessorCount,
            };
            try
            {
                Parallel.For(0, inputs.Count, parallel, i => results[i] = ScoreLocally(inputs[i], cancellationToken, out jobs[i]));
            }
            catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
            {
                // A bug in a verifier is not a property of one sample: surface it as itself.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
        }
        await JudgeAsync(jobs, results, cancellationToken).ConfigureAwait(false);
        return results;
    }

    // Everything but the judge call. A complex sample that needs judging returns its partial result and a job.
    private RewardResult ScoreLocally(RewardInput input, CancellationToken cancellationToken, out ChecklistJob? job)
    {
        job = null;
        cancellationToken.ThrowIfCancellationRequested();
        if (!TaskRoute.TryParse(input.Task, out var route, out var routeError))
            return RewardResult.ForError(input.Id, null, routeError);
        try
        {
            return route.Kind switch
            {
                TaskKind.Maths => ScoreMaths(input, route, cancellationToken),
                TaskKind.IfEval => ScoreIfeval(input, route),
                TaskKind.Complex => PrepareComplex(input, route, out job),
                _ => RewardResult.ForError(input.Id, route.Kind,
                    $"task '{route.Task}': Knights-and-Knaves rewards (spec §6.7) are not supported; the paper does not train on them"),
            };
        }
        catch (Exception e) when (e is RewardTargetException or ArgumentException)
        {
            return RewardResult.ForError(input.Id, route.Kind, e.Message);
        }
    }

    private RewardResult ScoreMaths(RewardInput input, TaskRoute route, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(input.Target))
            throw new RewardTargetException("target: empty maths reference answer");
        var view = ResponseView.Create(input, route, _options.StopStrings);
        var start = Start(input, route, view);
        if (!view.Analysis.AnchorFound)
            return NotScored(start, 1, "maths: not scored (no assistant anchor)");
        var verdict = MathsScorer.Score(view.Analysis.ModelOutput, input.Target, _options.MathsTimeLimit, cancellationToken);
        int passed = verdict.Correct ? 1 : 0;
        return start with
        {
            AnswerReward = verdict.AnswerReward,
            PassCount = passed,
            N = 1,
            Scored = true,
            Accuracy = passed,
            Superior = true,
            Reason = start.Reason + "; " + verdict.Describe(),
        };
    }

    private RewardResult ScoreIfeval(RewardInput input, TaskRoute route)
    {
        var target = IfevalTarget.Parse(input.Target);
        var checker = route.IsIfBench ? _ifbench : _ifeval;
        string family = route.IsIfBench ? "ifbench" : "ifeval";
        var instructions = checker.Compile(target);
        int n = instructions.Count;
        var view = ResponseView.Create(input, route, _options.StopStrings);
        var start = Start(input, route, view);
        if (!view.Analysis.AnchorFound)
            return NotScored(start, n, $"{family}: not scored (no assistant anchor)");
        if (AnswerPreconditions.Failure(view, route.WithoutFormat, _options.RequireReasoning) is { } failure)
            return NotScored(start, n, $"{family}: not scored ({failure})");
        // Intended semantics (paper Eq. 5): the checkers read the answer. The release passes the target JSON in the
        // response's place, so every ifeval answer scores −2 there (spec §6.3); that bug is not reproduced.
        bool[] follow = checker.Follow(instructions, view.Answer!);
        int passed = follow.Count(f => f);
        string reason = $"{start.Reason}; {family}: {passed}/{n} passed";
        if (passed < n)
            reason += "; failed: " + string.Join(", ", instructions.Ids.Where((_, i) => !follow[i]));
        return start with
        {
            AnswerReward = PartialCredit.Reward(passed, n),
            PassCount = passed,
            N = n,
            Scored = true,
            Accuracy = PartialCredit.Accuracy(passed, n),
            Superior = Superiority.IsSuperior(passed, target.OfflineScore),
            Reason = reason,
            FollowList = follow,
        };
    }

    private RewardResult PrepareComplex(RewardInput input, TaskRoute route, out ChecklistJob? job)
    {
        job = null;
        var target = ComplexTarget.Parse(input.Target);
        if (_judge is null)
            return RewardResult.ForError(input.Id, route.Kind, NoJudgeError);
        var view = ResponseView.Create(input, route, _options.StopStrings);
        var start = Start(input, route, view);
        if (!view.Analysis.AnchorFound)
            return NotScored(start, target.ScoringQuestions.Count, "complex: not scored (no assistant anchor)");
        if (AnswerPreconditions.Failure(view, route.WithoutFormat, _options.RequireReasoning) is { } failure)
            return NotScored(start, target.ScoringQuestions.Count, $"complex: not scored ({failure})");
        job = ChecklistJob.Create(start, view, target);
        return start;
    }

    private async Task JudgeAsync(ChecklistJob?[] jobs, RewardResult[] results, CancellationToken cancellationToken)
    {
        var pending = Enumerable.Range(0, jobs.Length).Where(i => jobs[i] is not null).ToArray();
        if (pending.Length == 0)
            return;
        var requests = pending.SelectMany(i => jobs[i]!.Requests).ToArray();
        IReadOnlyList<JudgeScores> scores;
        try
        {
            scores = await _judge!.ScoreAsync(requests, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            foreach (int i in pending)
                results[i] = RewardResult.ForError(results[i].Id, TaskKind.Complex, $"judge {_judge!.Name} failed: {e.Message}");
            return;
        }
        if (scores.Count != requests.Length)
        {
            foreach (int i in pending)
                results[i] = RewardResult.ForError(results[i].Id, TaskKind.Complex,
                    $"judge {_judge.Name} answered {scores.Count} of {requests.Length} questions");
            return;
        }
        int offset = 0;
        foreach (int i in pending)
        {
            var job = jobs[i]!;
            var slice = scores.Skip(offset).Take(job.Requests.Count).ToArray();
            offset += job.Requests.Count;
            try
            {
                results[i] = job.Complete(slice);
            }
            catch (InvalidDataException e)
            {
                results[i] = RewardResult.ForError(results[i].Id, TaskKind.Complex, $"judge {_judge.Name}: {e.Message}");
            }
        }
    }

    // The format part of every result.
    private static RewardResult Start(RewardInput input, TaskRoute route, ResponseView view) => new()
    {
        Id = input.Id,
        Kind = route.Kind,
        FormatValid = view.FormatValid,
        FormatReward = view.FormatReward,
        Reason = view.FormatReason,
        Superior = true,
    };

    // An answer that was not checked: −2, accuracy 0, superior by definition (spec §6.3, §6.9).
    private static RewardResult NotScored(RewardResult start, int n, string reason) => start with
    {
        AnswerReward = PartialCredit.NonePassed,
        PassCount = null,
        N = n,
        Scored = false,
        Accuracy = 0,
        Superior = true,
        Reason = start.Reason + "; " + reason,
    };
}
