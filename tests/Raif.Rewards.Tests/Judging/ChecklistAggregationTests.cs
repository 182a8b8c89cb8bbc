using Raif.Core.Judging;
using Raif.Rewards.Judging;

namespace Raif.Rewards.Tests.Judging;

public class ChecklistAggregationTests
{
    private static RewardInput Sample(string id, string target) =>
        Rollouts.Qwen("plan</think><answer>text</answer>", target, "complex_zh", id: id);

    [Theory]
    [InlineData(-1.0, -2.0, true)]
    [InlineData(-2.0, -1.0, false)]
    [InlineData(-1.5, -1.5, false)] // a tie is NO
    [InlineData(-0.0001, -0.0002, true)]
    public void A_question_is_satisfied_only_when_yes_scores_strictly_higher(double yes, double no, bool expected) =>
        Assert.Equal(expected, ChecklistVerdict.IsSatisfied(new JudgeScores([yes, no], 4)));

    [Fact]
    public async Task Hand_worked_batch_of_three_samples_in_one_judge_call()
    {
        // Questions and the judge's log-probs (YES, NO):
        //   q1 (-0.2, -1.9) YES   q2 (-2.3, -0.4) NO   q3 (-1.0, -1.0) tie -> NO   q4 (-0.7, -0.9) YES
        var judge = new TableJudge(new Dictionary<string, (double, double)>
        {
            ["q1"] = (-0.2, -1.9), ["q2"] = (-2.3, -0.4), ["q3"] = (-1.0, -1.0), ["q4"] = (-0.7, -0.9),
        });
        var inputs = new[]
        {
            Sample("a", Rollouts.ComplexTarget(1, "q1", "q2", "q3", "q4")),  // 2 of 4 YES -> 0.5; 2 >= 1 superior
            Sample("b", Rollouts.ComplexTarget(2.5, "q1", "q4")),            // 2 of 2 -> +2; 2 < 2.5 not superior
            Sample("c", Rollouts.ComplexTarget(0, "q2", "q3")),              // 0 of 2 -> -2; 0 >= 0 superior
        };

        var results = await new RewardCalculator(judge: judge).ScoreBatchAsync(inputs);

        var call = Assert.Single(judge.Calls);
        Assert.Equal(8, call.Count);
        Assert.Equal(["a", "b", "c"], results.Select(r => r.Id));

        Assert.Equal((0.5, 1.5, 2, 4, 0.5, true), Summary(results[0]));
        Assert.Equal([true, false, false, true], results[0].FollowList!);
        Assert.Equal("format: ok; complex: 2/4 YES; NO: #2, #3", results[0].Reason);

        Assert.Equal((2.0, 3.0, 2, 2, 1.0, false), Summary(results[1]));
        Assert.Equal((-2.0, -1.0, 0, 2, 0.0, true), Summary(results[2]));
    }

    private static (double Answer, double Total, int? Pass, int N, double Accuracy, bool Superior) Summary(RewardResult r) =>
        (r.AnswerReward, r.Total, r.PassCount, r.N, r.Accuracy, r.Superior);

    [Fact]
    public async Task Samples_that_fail_their_preconditions_are_not_sent_to_the_judge()
    {
        var judge = TableJudge.Yes("q1");
        var inputs = new[]
        {
            Rollouts.Qwen("</think><answer>text</answer>", Rollouts.ComplexTarget(null, "q1"), "complex"),
            Rollouts.Qwen("plan</think><answer>text</answer>", Rollouts.ComplexTarget(null, "q1"), "complex"),
        };
        var results = await new RewardCalculator(judge: judge).ScoreBatchAsync(inputs);
        Assert.Single(Assert.Single(judge.Calls));
        Assert.False(results[0].Scored);
        Assert.Equal(3, results[1].Total);
    }

    [Fact]
    public async Task Without_a_judge_a_complex_sample_is_an_error_not_a_score()
    {
        var r = await new RewardCalculator().ScoreAsync(Sample("x", Rollouts.ComplexTarget(null, "q1")));
        Assert.Equal(RewardCalculator.NoJudgeError, r.Error);
        Assert.True(double.IsNaN(r.Total));
        Assert.StartsWith("error: no judge configured", r.Reason);
    }

    [Theory]
    [InlineData("{\"scoring_questions\": []}", "target field 'scoring_questions': empty")]
    [InlineData("{}", "target field 'scoring_questions': missing")]
    [InlineData("{\"scoring_questions\": [\"q\", 3]}", "target field 'scoring_questions': element 1 is a number")]
    [InlineData("{\"scoring_questions\": [\"q\"], \"scoring_sum_qwen2.5-7B-Instruct\": \"2\"}", "target field 'scoring_sum_qwen2.5-7B-Instruct': expected a number")]
    [InlineData("not json", "target: not valid JSON")]
    [InlineData("[1]", "target: expected a JSON object")]
    public async Task Bad_complex_targets_are_errors_that_name_the_field(string target, string message)
    {
        var r = await new RewardCalculator(judge: TableJudge.Yes("q")).ScoreAsync(Sample("x", target));
        Assert.NotNull(r.Error);
        Assert.StartsWith(message, r.Error);
    }

    [Fact]
    public async Task A_failing_judge_turns_its_samples_into_errors_and_leaves_the_others_scored()
    {
        var judge = new TableJudge(new Dictionary<string, (double, double)>()) { Failure = new HttpRequestException("connection refused") };
        var results = await new RewardCalculator(judge: judge).ScoreBatchAsync(
        [
            Sample("c", Rollouts.ComplexTarget(null, "q1")),
            Rollouts.Qwen("x</think><answer>\\boxed{2}</answer>", "2", "default"),
        ]);
        Assert.Equal("judge table failed: connection refused", results[0].Error);
        Assert.Null(results[1].Error);
        Assert.Equal(3, results[1].Total);
    }

    [Fact]
    public async Task Malformed_judge_scores_are_errors()
    {
        var judge = new TableJudge(new Dictionary<string, (double, double)> { ["q1"] = (-1, -2) }) { ScoresPerRequest = 3 };
        var r = await new RewardCalculator(judge: judge).ScoreAsync(Sample("x", Rollouts.ComplexTarget(null, "q1")));
        Assert.Equal("judge table: the judge returned 3 scores for 2 continuations", r.Error);

        var nan = new TableJudge(new Dictionary<string, (double, double)> { ["q1"] = (double.NaN, -2) });
        var r2 = await new RewardCalculator(judge: nan).ScoreAsync(Sample("x", Rollouts.ComplexTarget(null, "q1")));
        Assert.Equal("judge table: the judge returned NaN log-probabilities", r2.Error);
    }
}
