using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Raif.Core.Jsonl;
using Raif.Core.Judging;
using Raif.Core.Responses;
using Raif.Core.Tasks;
using Raif.Data.Remote;
using Raif.Data.Stages;
using Raif.Rewards;
using Raif.Rewards.IfEval;
using Raif.Rewards.Judging;

namespace Raif.Data.Verification;

/// <summary>
/// Stage 5, verify (spec §3.4 steps 2–4): a pair whose response breaks the format (spec §5.6) is dropped; then its
/// own checks (<see cref="VerifyChecks.Constraints"/>): an <c>ifeval</c> answer must satisfy every constraint under
/// the reward's checkers in strict mode, a <c>complex</c> answer must get YES on every scoring question from the
/// judge; then the selected quality checks, each a judge prompt ending in a True/False/NA verdict (False drops the
/// pair with the check's name; NA passes; a reply that keeps breaking the verdict format drops it too). A kept pair
/// gets <c>verification</c> and <c>quality</c> fields. Runs on <see cref="StageRunner"/>: resumable, exactly once.
/// </summary>
public static class VerifyStage
{
    public const string Name = "verify";

    /// <summary>Runs with a chat judge only (complex checklists are then answered by generation).</summary>
    public static Task<StageSummary> RunAsync(VerifyOptions options, IChatClient? judge, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(options, judge, null, progress, cancellationToken);

    /// <summary>
    /// Runs with a chat judge for the quality checks and, when given, <paramref name="checklistJudge"/> for complex
    /// scoring questions scored like the RL reward (spec §6.5). A judge that is needed and missing is an error: up
    /// front for quality checks, at the first complex record for checklists.
    /// </summary>
    public static Task<StageSummary> RunAsync(VerifyOptions options, IChatClient? judge, IJudge? checklistJudge, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var quality = options.Checks.Where(c => c != VerifyChecks.Constraints).Select(QualityCheck.Get).ToArray();
        bool constraints = options.Checks.Contains(VerifyChecks.Constraints);
        if (quality.Length > 0 && judge is null)
            throw new ArgumentException($"the quality checks ({string.Join(", ", quality.Select(q => q.Name))}) need a judge chat model; give one, or choose checks without them");
        ArgumentOutOfRangeException.ThrowIfNegative(options.FormatRetries);
        string journal = StageRunner.JournalPath(options.OutputPath);
        var chat = judge is null ? null : new ResilientChat(judge, options.Retry.Build(), "judge", journal);
        var chatOptions = new ChatOptions { MaxOutputTokens = options.JudgeMaxOutputTokens, Temperature = options.JudgeTemperature };
        var checklist = new ChecklistJudge(checklistJudge, chat, chatOptions, options.FormatRetries, journal);
        var ifeval = new IfevalAnswerChecker(options.IfevalVariant);
        var ifbench = new IfevalAnswerChecker(options.IfevalVariant, withIfbench: true);

        async Task<StageOutcome> Verify(JsonlLine line, CancellationToken ct)
        {
            string id = StageRunner.DefaultId(Name, line);
            string taskName = line.RequiredString("task");
            if (!TaskRoute.TryParse(taskName, out var route, out string routeError))
                throw line.Error("task", routeError);
            if (route.Kind is not (TaskKind.IfEval or TaskKind.Complex))
                throw line.Error("task", $"verify checks ifeval… and complex… records, not '{taskName}'");
            string response = line.RequiredString("response");
            string instruction = line.RequiredString("instruction");
            string target = line.RequiredString("target");

            if (!StructureValidator.Validate(response, thinkTagsOnly: false, out string why))
                return StageOutcome.Dropped($"format: {why}");
            string answer = ReasoningExtractor.Answer(response, answerAfterThink: false) ?? "";
            if (answer.Length == 0)
                return StageOutcome.Dropped("format: empty answer");
            if (string.IsNullOrEmpty(ReasoningExtractor.Think(response)))
                return StageOutcome.Dropped("format: empty reasoning");

            JsonObject? verification = null;
            if (constraints)
            {
                var (drop, result) = route.Kind == TaskKind.IfEval
                    ? CheckIfeval(line, route.IsIfBench ? ifbench : ifeval, target, answer)
                    : await CheckComplexAsync(line, checklist, target, instruction, answer, id, ct).ConfigureAwait(false);
                if (drop is not null)
                    return StageOutcome.Dropped(drop);
                verification = result;
            }

            var verdicts = new JsonObject();
            foreach (var check in quality)
            {
                var reply = await AskQualityAsync(chat!, chatOptions, check, instruction, answer, options.FormatRetries, id, ct).ConfigureAwait(false);
                if (reply.Parsed is not { } parsed)
                    return StageOutcome.Dropped($"quality:{check.Name}: the judge's reply broke the verdict block ({reply.Problem})");
                if (parsed.Verdict == QualityVerdict.False)
                    return StageOutcome.Dropped($"quality:{check.Name}: {parsed.Analysis}");
                verdicts[check.Name] = parsed.Verdict.ToString();
            }
            return StageOutcome.Kept(RecordFields.With(line.Value, ("verification", verification), ("quality", verdicts)));
        }

        return StageRunner.RunAsync(Name, options.InputPath, options.OutputPath, Verify,
            new StageOptions { Concurrency = options.Concurrency, SkipBadLines = options.SkipBadLines }, progress, cancellationToken);
    }

    private static (string? Drop, JsonObject? Result) CheckIfeval(JsonlLine line, IfevalAnswerChecker checker, string target, string answer)
    {
        Raif.Verifiers.IfEval.IfevalInstructionSet instructions;
        try
        {
            instructions = checker.Compile(IfevalTarget.Parse(target));
        }
        catch (RewardTargetException e)
        {
            throw line.Error("target", e.Message, e);
        }
        bool[] follow = checker.Follow(instructions, answer);
        int passed = follow.Count(f => f);
        if (passed < follow.Length)
        {
            var failed = instructions.Ids.Where((_, i) => !follow[i]);
            return ($"constraints: {passed}/{follow.Length} followed; failed: {string.Join(", ", failed)}", null);
        }
        return (null, new JsonObject { ["kind"] = "ifeval", ["followed"] = passed, ["total"] = follow.Length });
    }

    private static async Task<(string? Drop, JsonObject? Result)> CheckComplexAsync(
        JsonlLine line, ChecklistJudge checklist, string target, string instruction, string answer, string id, CancellationToken ct)
    {
        ComplexTarget parsed;
        try
        {
            parsed = ComplexTarget.Parse(target);
        }
        catch (RewardTargetException e)
        {
            throw line.Error("target", e.Message, e);
        }
        if (!checklist.Available)
            throw line.Error("task", "a complex record needs a judge for its scoring questions; none was given");
        // The request the judge sees is the plain instruction: what the reward rebuilds from a prompt whose system
        // turn holds only the CoT trigger (spec §6.5 step 1).
        var outcome = await checklist.AskAsync(instruction, answer, parsed.ScoringQuestions, id, ct).ConfigureAwait(false);
        if (outcome.Satisfied is not { } satisfied)
            return ($"constraints: the judge's reply broke the YES/NO format ({outcome.Problem})", null);
        int yes = satisfied.Count(s => s);
        if (yes < satisfied.Length)
        {
            var no = Enumerable.Range(0, satisfied.Length).Where(i => !satisfied[i]).Select(i => $"#{i + 1}");
            return ($"constraints: {yes}/{satisfied.Length} YES; NO: {string.Join(", ", no)}", null);
        }
        return (null, new JsonObject { ["kind"] = "complex", ["yes"] = yes, ["total"] = satisfied.Length, ["judge"] = outcome.Method });
    }

    private static async Task<(QualityReply? Parsed, string? Problem)> AskQualityAsync(
        ResilientChat chat, ChatOptions chatOptions, QualityCheck check, string instruction, string answer, int retries, string id, CancellationToken ct)
    {
        ChatMessage[] messages = [new(ChatRole.User, check.Prompt(instruction, answer))];
        string? problem = null;
        for (int attempt = 0; attempt <= retries; attempt++)
        {
            var reply = await chat.GetResponseAsync(messages, chatOptions, id, ct).ConfigureAwait(false);
            if (QualityReplyParser.TryParse(reply.Text, out problem) is { } parsed)
                return (parsed, null);
        }
        return (null, problem);
    }
}
