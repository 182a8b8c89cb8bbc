using Microsoft.Extensions.AI;
using Raif.Evaluation.Judging;

namespace Raif.Evaluation.Benchmarks.ComplexBench;

/// <summary>
/// One entry scored: per scoring question the raw verdict (<c>point_judges</c>), the verdict after dependencies
/// (<c>point_judges_rely</c>) and, for rule-scored questions, the spans the extractor's reply gave the rule (null for
/// LLM-judged questions).
/// </summary>
public sealed record ComplexBenchItemResult(
    ComplexBenchItem Item,
    IReadOnlyList<ComplexBenchVerdict> PointJudges,
    IReadOnlyList<ComplexBenchVerdict> PointJudgesRely,
    IReadOnlyList<IReadOnlyList<string>?> Spans);

/// <summary>
/// ComplexBench's full evaluation (upstream <c>eval.sh</c>): every scoring question is asked, each in its own call —
/// a rule question goes to the extractor (<c>llm_based_extraction.py</c>), whose reply <c>preprocess</c> turns into
/// spans for <c>decompose_judge</c>; any other question goes to the judge (<c>llm_based_evaluation.py</c>) and its
/// reply parser. Dependencies are applied afterwards as upstream's <c>get_rely_judgment</c> does: a question whose
/// dependency's raw verdict is False fails, whatever its own verdict (it is still asked, as upstream asks it).
/// In the judgments file, id = <c>main_id</c> and question = <c>point_id</c> (the question's index); the reply is the
/// extractor's text for rule questions and the judge's for the others.
/// <para>
/// Upstream re-asks on an empty reply but then appends the empty reply's own result after the re-ask's, and its
/// aggregation keeps the last line per question, so an empty reply scores as empty: False for the judge, one empty
/// span for the extractor. Raif therefore does not spend the re-ask. A call that keeps failing at the transport level
/// (upstream: 30 retries, then False / the reply "None") fails the run instead; rerunning resumes from the judgments
/// file.
/// </para>
/// </summary>
public static class ComplexBenchScorer
{
    /// <summary>
    /// Scores the entries that have a response (data order), or, without responses, those with logged replies.
    /// </summary>
    public static async Task<IReadOnlyList<ComplexBenchItemResult>> ScoreAsync(
        IReadOnlyList<ComplexBenchItem> items,
        ComplexBenchResponses? responses,
        JudgeClient judge,
        ComplexBenchLanguage language = ComplexBenchLanguage.Zh,
        IProgress<JudgeProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var selected = responses is null
            ? items.Where(i => Enumerable.Range(0, i.Questions.Count).Any(q => judge.Log.Attempts(i.Id, q).Count > 0)).ToList()
            : items.Where(i => responses.ById.ContainsKey(i.Id)).ToList();
        return await JudgedItems.ScoreAllAsync(selected, judge,
            (item, token) => ScoreItemAsync(item, responses, judge, language, token), progress, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ComplexBenchItemResult> ScoreItemAsync(ComplexBenchItem item, ComplexBenchResponses? responses, JudgeClient judge,
        ComplexBenchLanguage language, CancellationToken cancellationToken)
    {
        bool hasResponse = responses is not null && responses.ById.ContainsKey(item.Id);
        string? output = hasResponse ? responses!.ById[item.Id] : null;
        var scored = await Task.WhenAll(Enumerable.Range(0, item.Questions.Count)
            .Select(q => ScoreQuestionAsync(item, q, hasResponse, output, judge, language, cancellationToken))).ConfigureAwait(false);
        var judges = scored.Select(s => s.Verdict).ToList();
        return new ComplexBenchItemResult(item, judges, ComplexBenchAggregation.Rely(item.Entry, judges), [.. scored.Select(s => s.Spans)]);
    }

    private static async Task<(ComplexBenchVerdict Verdict, IReadOnlyList<string>? Spans)> ScoreQuestionAsync(
        ComplexBenchItem item, int q, bool hasResponse, string? output, JudgeClient judge, ComplexBenchLanguage language, CancellationToken cancellationToken)
    {
        string? rule = item.Questions[q].Rule;
        string reply;
        if (judge.Log.TryGet(item.Id, q, 0, out string logged))
            reply = logged;
        else
        {
            if (!hasResponse)
                throw new InvalidDataException($"ComplexBench main_id {item.Id}: no reply for scoring question {q} in the judgments and no response to judge");
            string instruction = item.InstructionIn(language), question = item.QuestionIn(q, language);
            string prompt = rule is null
                ? ComplexBenchPrompts.Judge(instruction, output, question)
                : ComplexBenchPrompts.Extractor(rule, instruction, output, question);
            reply = await judge.AskAsync(item.Id, q, [new ChatMessage(ChatRole.User, prompt)], 0, cancellationToken).ConfigureAwait(false);
        }
        if (rule is null)
            return (ComplexBenchPrompts.ParseJudgeReply(reply) ? ComplexBenchVerdict.True : ComplexBenchVerdict.False, null);

        // Without the response, an extractor reply that selects the whole response ("all") cannot be checked.
        var spans = ComplexBenchRules.Preprocess(hasResponse ? output : WholeResponseUnknown, reply);
        if (!hasResponse && spans.Any(s => ReferenceEquals(s, WholeResponseUnknown)))
            throw new InvalidDataException($"ComplexBench main_id {item.Id}, scoring question {q}: the extractor's reply selects the whole response (\"all\"); give --responses to check its rule");
        try
        {
            return (ComplexBenchRules.DecomposeJudge(rule, spans), spans);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"ComplexBench main_id {item.Id}, scoring question {q}: rule {rule}: {e.Message}", e);
        }
    }

    // A distinct instance, told apart by reference from any real text.
    private static readonly string WholeResponseUnknown = new(['\u0000', '?']);
}
