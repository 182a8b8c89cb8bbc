using Raif.Evaluation.Benchmarks.FollowBench;

namespace Raif.Evaluation.Tests.Benchmarks.FollowBench;

/// <summary>Cases follow upstream paring_discriminative_generation (code/ and code_zh/, 6278f4c) read by hand.</summary>
public sealed class FollowBenchJudgeReplyTests
{
    [Theory]
    [InlineData("The constraint is met.\n['YES']", 1)]
    [InlineData("Analysis...\n['NO']", 0)]
    [InlineData("Analysis...\nI cannot tell", -1)]
    [InlineData("```\n['YES']\n```", 1)] // backticks stripped before the last line is taken
    public void Level_one_looks_for_yes_then_no_in_the_last_line(string reply, int hard) =>
        Assert.Equal(hard, FollowBenchJudgeReply.Parse(reply, 1, FollowBenchLanguage.En).Hard);

    [Fact]
    public void A_list_gives_hard_all_yes_and_soft_the_share()
    {
        var v = FollowBenchJudgeReply.Parse("1) ...\n2) ...\n['YES', 'NO', 'YES']", 3, FollowBenchLanguage.En);
        Assert.Equal(0, v.Hard);
        Assert.Equal(2.0 / 3, v.Soft, 1e-12);
        Assert.Equal([true, false, true], v.ConstraintSatisfied!);
        Assert.Equal(1, FollowBenchJudgeReply.Parse("['YES', \"YES\"]", 2, FollowBenchLanguage.En).Hard);
        Assert.Equal(0.0, FollowBenchJudgeReply.Parse("['N/A', 'PARTIAL']", 2, FollowBenchLanguage.En).Soft);
    }

    [Theory]
    [InlineData("['YES', 'NO']", 3)] // wrong count
    [InlineData("['YES', 'NO', 'NO', 'YES']", 3)] // EN needs exactly level elements
    [InlineData("[YES, NO, YES]", 3)] // EN evals bare names: NameError
    [InlineData("['YES', 'SOMEWHAT', 'NO']", 3)] // unknown element
    [InlineData("no list here", 3)]
    public void English_failures_give_minus_one(string reply, int level)
    {
        var v = FollowBenchJudgeReply.Parse(reply, level, FollowBenchLanguage.En);
        Assert.Equal(-1, v.Hard);
        Assert.Equal(-1.0, v.Soft);
        Assert.True(v.ParseFailed);
    }

    [Fact]
    public void Chinese_parser_quotes_bare_words_straightens_curly_quotes_and_takes_the_first_level_elements()
    {
        Assert.Equal(2.0 / 3, FollowBenchJudgeReply.Parse("分析\n[YES, NO, YES]", 3, FollowBenchLanguage.Zh).Soft, 1e-12);
        Assert.Equal(1, FollowBenchJudgeReply.Parse("分析\n[“YES”, “YES”]", 2, FollowBenchLanguage.Zh).Hard);
        Assert.Equal(1, FollowBenchJudgeReply.Parse("['YES', 'YES', 'NO']", 2, FollowBenchLanguage.Zh).Hard);
        Assert.Equal(0.5, FollowBenchJudgeReply.Parse("['YES', 'PARTIALLY']", 2, FollowBenchLanguage.Zh).Soft, 1e-12);
        Assert.Equal(-1, FollowBenchJudgeReply.Parse("['YES', 'N/A']", 2, FollowBenchLanguage.Zh).Hard); // N/A is EN-only
    }
}
