using Raif.Verifiers.IfEval;

namespace Raif.Rewards.Tests.IfEval;

/// <summary>The rows of spec §6.1 for ifeval tasks, on hand-made responses whose verdicts are obvious.</summary>
public class IfevalRewardTests
{
    // No commas; a <<title>>; the word "rain".
    private const string Target =
        """{"instruction_id_list": ["punctuation:no_comma", "detectable_format:title", "keywords:existence"], "kwargs": [{}, {}, {"keywords": ["rain"]}], "follow_score_qwen2.5-7B-Instruct": 2}""";

    private static Task<RewardResult> Score(string generated, string target = Target, RewardOptions? options = null) =>
        new RewardCalculator(options).ScoreAsync(Rollouts.Qwen(generated, target, "ifeval_en"));

    [Fact]
    public async Task All_instructions_followed_scores_3()
    {
        var r = await Score("check each rule</think><answer><<Rain>> The rain falls softly</answer>");
        Assert.Equal((1.0, 2.0, 3.0, 3, 3, 1.0), (r.FormatReward, r.AnswerReward, r.Total, r.PassCount, r.N, r.Accuracy));
        Assert.Equal([true, true, true], r.FollowList!);
        Assert.True(r.Superior);
        Assert.Equal("format: ok; ifeval: 3/3 passed", r.Reason);
    }

    [Fact]
    public async Task Two_of_three_scores_one_and_two_thirds_and_names_the_failed_instruction()
    {
        var r = await Score("plan</think><answer><<Rain>> Rain, then sun</answer>");
        Assert.Equal(2.0 / 3, r.AnswerReward, 1e-12);
        Assert.Equal(1 + 2.0 / 3, r.Total, 1e-12);
        Assert.Equal([false, true, true], r.FollowList!);
        Assert.Equal("format: ok; ifeval: 2/3 passed; failed: punctuation:no_comma", r.Reason);
        Assert.True(r.Superior); // 2 >= offline 2
    }

    [Fact]
    public async Task One_of_three_is_below_the_offline_score_and_not_superior()
    {
        var r = await Score("plan</think><answer>Sun, sky and <<clouds>></answer>");
        Assert.Equal(1.0 / 3, r.AnswerReward, 1e-12);
        Assert.False(r.Superior);
        Assert.Equal("format: ok; ifeval: 1/3 passed; failed: punctuation:no_comma, keywords:existence", r.Reason);
    }

    [Fact]
    public async Task None_followed_scores_minus_1()
    {
        var r = await Score("plan</think><answer>Sun, sky</answer>");
        Assert.Equal((1.0, -2.0, -1.0, 0, 0.0), (r.FormatReward, r.AnswerReward, r.Total, r.PassCount, r.Accuracy));
        Assert.True(r.Scored);
    }

    [Theory]
    [InlineData("plan</think><<Rain>> rain", -3.0, "format: missing <answer>; ifeval: not scored (invalid format)")]
    [InlineData("<think>plan</think><answer><<Rain>> rain</answer>", -3.0, "format: duplicate <think>; ifeval: not scored (invalid format)")]
    [InlineData("plan</think><answer>  </answer>", -1.0, "format: ok; ifeval: not scored (empty answer)")]
    [InlineData("\n</think><answer><<Rain>> rain</answer>", -1.0, "format: ok; ifeval: not scored (empty think)")]
    [InlineData("reasoning process here</think><answer><<Rain>> rain</answer>", -1.0, "format: ok; ifeval: not scored (placeholder think)")]
    public async Task Unscored_answers_cost_2(string generated, double total, string reason)
    {
        var r = await Score(generated);
        Assert.Equal(total, r.Total);
        Assert.Equal(-2, r.AnswerReward);
        Assert.False(r.Scored);
        Assert.Null(r.PassCount);
        Assert.Equal(3, r.N);
        Assert.True(r.Superior);
        Assert.Equal(reason, r.Reason);
    }

    [Fact]
    public async Task The_answer_is_checked_trimmed()
    {
        // "startend:quotation" needs the text to start and end with a double quote: trimming matters only at the ends.
        const string target = """{"instruction_id_list": ["startend:quotation"], "kwargs": [{}]}""";
        var r = await Score("plan</think><answer>\n  \"quoted\"  \n</answer>", target);
        Assert.Equal(3, r.Total);
    }

    [Theory]
    [InlineData("""{"instruction_id_list": ["punctuation:no_semicolon"], "kwargs": [{}]}""", "target field 'instruction_id_list': instruction 'punctuation:no_semicolon'")]
    [InlineData("""{"instruction_id_list": ["keywords:existence"], "kwargs": [{}]}""", "target field 'kwargs': instruction 'keywords:existence': argument 'keywords'")]
    public async Task Bad_instructions_are_errors_that_name_the_field(string target, string message)
    {
        var r = await Score("plan</think><answer>x</answer>", target);
        Assert.NotNull(r.Error);
        Assert.StartsWith(message, r.Error);
    }

    [Fact]
    public async Task A_bad_target_is_an_error_even_when_the_format_is_broken()
    {
        var r = await Score("no tags", """{"instruction_id_list": ["punctuation:no_comma"]}""");
        Assert.Equal("target field 'kwargs': missing", r.Error);
    }

    [Fact]
    public async Task The_raif_variant_reads_keywords_literally()
    {
        // Official IFEval searches the keyword as a regex ("a.b" matches "axb"); RAIF's checkers escape it.
        const string target = """{"instruction_id_list": ["keywords:existence"], "kwargs": [{"keywords": ["a.b"]}]}""";
        const string generated = "plan</think><answer>axb</answer>";
        Assert.Equal(3, (await Score(generated, target)).Total);
        Assert.Equal(-1, (await Score(generated, target, new RewardOptions { IfevalVariant = IfevalVariant.Raif })).Total);
    }

    [Fact]
    public async Task WoFormat_checks_the_text_after_the_reasoning()
    {
        var r = await new RewardCalculator().ScoreAsync(Rollouts.Qwen("plan</think><<Rain>> rain falls", Target, "ifeval_woFormat"));
        Assert.Equal((1.0, 2.0, "format: skipped (woFormat); ifeval: 3/3 passed"), (r.FormatReward, r.AnswerReward, r.Reason));
    }
}
