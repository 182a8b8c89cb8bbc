using Raif.Core.Templates;

namespace Raif.Rewards.Tests;

/// <summary>The preconditions of spec §6.3 / §6.5, the reasoning-free mode and the woFormat tasks.</summary>
public class PreconditionTests
{
    private static readonly string TwoQuestions = Rollouts.ComplexTarget(null, "A?", "B?");

    private static Task<RewardResult> Score(RewardInput input, RewardOptions? options = null) =>
        new RewardCalculator(options ?? new RewardOptions(), TableJudge.Yes("A?", "B?")).ScoreAsync(input);

    [Theory]
    [InlineData("Reasoning Process Here")]
    [InlineData("REASONING PROCESS HERE")]
    [InlineData("  reasoning process here \n")]
    public async Task The_placeholder_is_recognised_whatever_its_case_and_surrounding_space(string think)
    {
        var r = await Score(Rollouts.Qwen($"{think}</think><answer>text</answer>", TwoQuestions, "complex"));
        Assert.False(r.Scored);
        Assert.Equal(-2, r.AnswerReward);
        Assert.EndsWith("(placeholder think)", r.Reason);
    }

    [Theory]
    [InlineData("reasoning process here, then more")]
    [InlineData("the reasoning process here is short")]
    public async Task Reasoning_that_only_contains_the_placeholder_words_is_scored(string think)
    {
        var r = await Score(Rollouts.Qwen($"{think}</think><answer>text</answer>", TwoQuestions, "complex"));
        Assert.True(r.Scored);
        Assert.Equal(2, r.AnswerReward);
    }

    [Fact]
    public async Task A_whitespace_only_answer_is_empty()
    {
        var r = await Score(Rollouts.Qwen("plan</think><answer> \n\t </answer>", TwoQuestions, "complex"));
        Assert.EndsWith("(empty answer)", r.Reason);
        Assert.Equal(-1, r.Total);
    }

    [Fact]
    public async Task Without_required_reasoning_a_no_cot_rollout_is_scored_on_its_answer()
    {
        // The reasoning-free prompt ends with an empty think block; the model writes only the answer.
        string prompt = ThinkPrefill.MakeNoCot(Rollouts.QwenPrompt("Solve the task."));
        var input = new RewardInput(prompt, "<answer>text</answer>", TwoQuestions, "complex");

        var released = await Score(input);
        Assert.True(released.FormatValid);
        Assert.False(released.Scored);
        Assert.EndsWith("(empty think)", released.Reason);
        Assert.Equal(-1, released.Total);

        var paper = await Score(input, new RewardOptions { RequireReasoning = false });
        Assert.True(paper.Scored);
        Assert.Equal(3, paper.Total);
        Assert.Equal(2, paper.PassCount);
    }

    [Fact]
    public async Task Without_required_reasoning_the_format_and_answer_rules_still_apply()
    {
        var options = new RewardOptions { RequireReasoning = false };
        var broken = await Score(Rollouts.Qwen("</think>text", TwoQuestions, "complex"), options);
        Assert.False(broken.Scored);
        Assert.Equal(-3, broken.Total);
        var placeholder = await Score(Rollouts.Qwen("reasoning process here</think><answer>text</answer>", TwoQuestions, "complex"), options);
        Assert.True(placeholder.Scored);
    }

    [Theory]
    [InlineData("plan</think><answer>text</answer>", "text")]
    [InlineData("plan</think>text without tags", "text without tags")]
    [InlineData("<think>plan</think>  text after a second think  ", "text after a second think")]
    [InlineData("no tags at all", "no tags at all")]
    public async Task WoFormat_skips_the_format_check_and_takes_the_documented_answer(string generated, string answer)
    {
        var judge = TableJudge.Yes("A?", "B?");
        var r = await new RewardCalculator(judge: judge).ScoreAsync(Rollouts.Qwen(generated, TwoQuestions, "complex_woFormat"));
        Assert.True(r.FormatValid);
        Assert.Equal(1, r.FormatReward);
        Assert.Equal(3, r.Total);
        Assert.StartsWith("format: skipped (woFormat)", r.Reason);
        string judged = judge.Calls.Single()[0].Conversation[1].Content;
        Assert.Contains("\n\n\nGenerated Text:\n\n" + answer + "\n\n\nQuestion:", judged);
    }

    [Fact]
    public async Task WoFormat_still_needs_a_non_empty_answer()
    {
        var r = await Score(Rollouts.Qwen("plan</think>   ", TwoQuestions, "complex_woFormat"));
        Assert.Equal(1, r.FormatReward);
        Assert.Equal(-2, r.AnswerReward);
        Assert.EndsWith("(empty answer)", r.Reason);
    }
}
