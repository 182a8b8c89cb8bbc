using Raif.Core.Tasks;

namespace Raif.Rewards.Tests;

/// <summary>
/// Every row of the reward table of spec §6.1. The instruction-following rows run on complex tasks here (a table
/// judge decides each question); the same rows for ifeval tasks are in IfEval/IfevalRewardTests.
/// </summary>
public class RewardTableTests
{
    private static readonly string ThreeQuestions = Rollouts.ComplexTarget(null, "Q1?", "Q2?", "Q3?");

    private static Task<RewardResult> ScoreComplex(string generated, params string[] yes) =>
        new RewardCalculator(new RewardOptions(), TableJudge.Yes(yes)).ScoreAsync(Rollouts.Qwen(generated, ThreeQuestions, "complex_en"));

    private static Task<RewardResult> ScoreMaths(string generated, string reference) =>
        new RewardCalculator().ScoreAsync(Rollouts.Qwen(generated, reference, null));

    private static void AssertRewards(RewardResult r, double format, double answer, double total)
    {
        Assert.Null(r.Error);
        Assert.Equal(format, r.FormatReward);
        Assert.Equal(answer, r.AnswerReward, 1e-12);
        Assert.Equal(total, r.Total, 1e-12);
    }

    [Fact]
    public async Task If_task_format_ok_all_checks_pass_scores_3()
    {
        var r = await ScoreComplex("plan</think><answer>text</answer>", "Q1?", "Q2?", "Q3?");
        AssertRewards(r, 1, 2, 3);
        Assert.Equal(3, r.PassCount);
        Assert.Equal(1.0, r.Accuracy);
        Assert.Equal([true, true, true], r.FollowList!);
        Assert.Equal("format: ok; complex: 3/3 YES", r.Reason);
    }

    [Fact]
    public async Task If_task_format_ok_k_of_n_pass_scores_1_plus_k_over_n()
    {
        var r = await ScoreComplex("plan</think><answer>text</answer>", "Q2?");
        AssertRewards(r, 1, 1.0 / 3, 1 + 1.0 / 3);
        Assert.Equal(1, r.PassCount);
        Assert.Equal(3, r.N);
        Assert.Equal(1.0 / 3, r.Accuracy, 1e-12);
        Assert.Equal([false, true, false], r.FollowList!);
        Assert.Equal("format: ok; complex: 1/3 YES; NO: #1, #3", r.Reason);
    }

    [Fact]
    public async Task If_task_format_ok_none_pass_scores_minus_1()
    {
        var r = await ScoreComplex("plan</think><answer>text</answer>");
        AssertRewards(r, 1, -2, -1);
        Assert.True(r.Scored);
        Assert.Equal(0, r.PassCount);
        Assert.Equal(0.0, r.Accuracy);
    }

    [Theory]
    [InlineData("plan</think>text", -1.0, "format: missing <answer>; complex: not scored (invalid format)")]
    [InlineData("<think>plan</think><answer>text</answer>", -1.0, "format: duplicate <think>; complex: not scored (invalid format)")]
    [InlineData("plan</think><answer></answer>", 1.0, "format: ok; complex: not scored (empty answer)")]
    [InlineData("</think><answer>text</answer>", 1.0, "format: ok; complex: not scored (empty think)")]
    [InlineData("reasoning process here</think><answer>text</answer>", 1.0, "format: ok; complex: not scored (placeholder think)")]
    public async Task If_task_broken_format_or_empty_parts_score_minus_2_for_the_answer(string generated, double format, string reason)
    {
        var r = await ScoreComplex(generated, "Q1?", "Q2?", "Q3?");
        AssertRewards(r, format, -2, format - 2);
        Assert.False(r.Scored);
        Assert.Null(r.PassCount);
        Assert.Equal(0.0, r.Accuracy);
        Assert.True(r.Superior);
        Assert.Null(r.FollowList);
        Assert.Equal(reason, r.Reason);
    }

    [Theory]
    [InlineData("x</think><answer>\\boxed{35}</answer>", 1, 3)]
    [InlineData("x \\boxed{35}</think>", -1, 1)]
    public async Task Maths_correct_boxed_answer_earns_2(string generated, double format, double total)
    {
        var r = await ScoreMaths(generated, "35");
        AssertRewards(r, format, 2, total);
        Assert.Equal(1, r.PassCount);
        Assert.Equal(1.0, r.Accuracy);
        Assert.True(r.Superior);
        Assert.Equal(TaskKind.Maths, r.Kind);
    }

    [Theory]
    [InlineData("x</think><answer>\\boxed{34}</answer>", 1, -0.5)]
    [InlineData("x \\boxed{34}</think>", -1, -2.5)]
    public async Task Maths_wrong_boxed_answer_costs_1_5(string generated, double format, double total)
    {
        var r = await ScoreMaths(generated, "35");
        AssertRewards(r, format, -1.5, total);
        Assert.Equal(0, r.PassCount);
        Assert.Equal("maths: not equal ('34' vs '35')", r.Reason.Split("; ")[1]);
    }

    [Theory]
    [InlineData("x</think><answer>35</answer>", 1, -1)]
    [InlineData("the answer is 35", -1, -3)]
    public async Task Maths_without_boxed_costs_2_even_when_the_number_is_right(string generated, double format, double total)
    {
        var r = await ScoreMaths(generated, "35");
        AssertRewards(r, format, -2, total);
        Assert.Equal(0.0, r.Accuracy);
        Assert.EndsWith("maths: no \\boxed answer", r.Reason);
    }

    [Theory]
    [InlineData("complex_en")]
    [InlineData("default")]
    public async Task No_assistant_anchor_scores_minus_3_and_is_superior(string task)
    {
        var input = new RewardInput("plain text prompt without a template", "plan</think><answer>\\boxed{1}</answer>",
            task == "default" ? "1" : ThreeQuestions, task);
        var r = await new RewardCalculator(judge: TableJudge.Yes("Q1?", "Q2?", "Q3?")).ScoreAsync(input);
        AssertRewards(r, -1, -2, -3);
        Assert.False(r.FormatValid);
        Assert.False(r.Scored);
        Assert.True(r.Superior);
        Assert.StartsWith("format: no assistant anchor", r.Reason);
    }
}
