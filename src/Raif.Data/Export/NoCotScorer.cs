using Microsoft.Extensions.AI;
using Raif.Core.Judging;
using Raif.Core.Tasks;
using Raif.Core.Templates;
using Raif.Data.Evolution;
using Raif.Evaluation.Run;
using Raif.Rewards;
using Raif.Rewards.IfEval;
using Raif.Rewards.Judging;
using Raif.Verifiers.IfEval;

namespace Raif.Data.Export;

/// <summary>Where the offline no-CoT reference score (spec §3.6) is written in the target, and how it is computed.</summary>
public sealed record NoCotScoreOptions
{
    /// <summary>Target key for <c>ifeval…</c> records: the count of satisfied instructions.</summary>
    public string IfevalKey { get; init; } = Superiority.IfevalScoreField;

    /// <summary>Target key for <c>complex…</c> records: the count of YES verdicts.</summary>
    public string ComplexKey { get; init; } = Superiority.ComplexScoreField;

    /// <summary>Checker semantics of ifeval constraints (match the reward's).</summary>
    public IfevalVariant IfevalVariant { get; init; } = IfevalVariant.Official;

    /// <summary>Upper bound on each no-CoT reply's tokens.</summary>
    public int MaxOutputTokens { get; init; } = 2048;

    /// <summary>Retries and per-attempt timeout of a model call (default: RetryPolicy.Default).</summary>
    public Raif.RemoteModels.RetryPolicy? Retry { get; init; }
}

/// <summary>
/// The offline no-CoT reference score of spec §3.6: the model answers the record's prompt with an empty reasoning
/// block pre-filled (the no-CoT variant of spec §5.3, asked the way <c>raif eval run --mode nocot</c> asks), greedy;
/// the answer (the <c>&lt;answer&gt;</c> block when there is one, else the text) is checked like a rollout's: ifeval
/// constraints by the reward's strict checkers, complex questions by the judge (YES beats NO). The score is the count
/// of satisfied instructions or YES verdicts. The reply's format is not required: the count is of what the answer
/// satisfies, which is what the superiority flag compares with a rollout's pass count.
/// </summary>
public sealed class NoCotScorer
{
    private readonly PolicyClient _policy;
    private readonly IJudge? _judge;
    private readonly NoCotScoreOptions _options;
    private readonly IfevalAnswerChecker _ifeval;
    private readonly IfevalAnswerChecker _ifbench;

    public NoCotScorer(IChatClient model, IJudge? judge, NoCotScoreOptions? options = null)
    {
        _options = options ?? new NoCotScoreOptions();
        _policy = new PolicyClient(model, new PolicyOptions(MaxOutputTokens: _options.MaxOutputTokens, Concurrency: 1, Temperature: 0f, Retry: _options.Retry));
        _judge = judge;
        _ifeval = new IfevalAnswerChecker(_options.IfevalVariant);
        _ifbench = new IfevalAnswerChecker(_options.IfevalVariant, withIfbench: true);
    }

    public NoCotScoreOptions Options => _options;

    /// <summary>The target key the score of a task goes under.</summary>
    public string KeyFor(TaskRoute route) => route.Kind == TaskKind.Complex ? _options.ComplexKey : _options.IfevalKey;

    /// <summary>
    /// The score of one record: the model's no-CoT answer to <paramref name="instruction"/> (with the CoT trigger in
    /// the system turn when <paramref name="cotTrigger"/>), checked against <paramref name="target"/>.
    /// </summary>
    public async Task<int> ScoreAsync(string id, string instruction, bool cotTrigger, string target, TaskRoute route, CancellationToken cancellationToken = default)
    {
        if (route.Kind is not (TaskKind.IfEval or TaskKind.Complex))
            throw new ArgumentException($"task '{route.Task}': no-CoT reference scores exist for ifeval and complex records only (spec §3.6)");
        // Parse the target before spending a request on it.
        IfevalInstructionSet? instructions = null;
        ComplexTarget? checklist = null;
        if (route.Kind == TaskKind.IfEval)
            instructions = (route.IsIfBench ? _ifbench : _ifeval).Compile(IfevalTarget.Parse(target));
        else
            checklist = ComplexTarget.Parse(target);
        if (checklist is not null && _judge is null)
            throw new ArgumentException($"record {id}: a complex record's no-CoT score needs a judge");

        var reply = await _policy.AnswerAsync(new EvalPrompt(id, RecordInput.Conversation(cotTrigger, instruction)), PromptingMode.NoCot, cancellationToken).ConfigureAwait(false);
        string answer = reply.Response;
        if (instructions is not null)
            return (route.IsIfBench ? _ifbench : _ifeval).Follow(instructions, answer).Count(f => f);

        // The judge sees the request without the trigger: the instruction itself (spec §6.5 step 1).
        string request = Raif.Core.Text.PyStr.Strip(instruction);
        var requests = checklist!.ScoringQuestions.Select(q => JudgePrompt.Request(request, answer, q)).ToList();
        var scores = await _judge!.ScoreAsync(requests, cancellationToken).ConfigureAwait(false);
        if (scores.Count != requests.Count)
            throw new InvalidDataException($"judge {_judge.Name} answered {scores.Count} of {requests.Count} questions");
        return scores.Count(ChecklistVerdict.IsSatisfied);
    }
}
