using Raif.Evaluation.CfBench;

namespace Raif.Evaluation.Tests.CfBench;

/// <summary>CFBench's parsing and metric rules, as upstream's code/evalaute.py states them.</summary>
public sealed class CfBenchRulesTests
{
    private static CfBenchItem Item(params string[] priorities) => new(
        "7", "prompt", "", "hard",
        [.. priorities.Select((p, i) => new CfBenchCriterion($"criterion {i}", p, "内容约束", ""))]);

    [Fact]
    public void Strict_parse_needs_one_line_per_criterion_with_its_exact_text()
    {
        string[] criteria = ["A", "B"];
        Assert.Equal(["1", "0"], CfBenchJudgeParser.ParseStrict("A\t1\n\nB\t0", criteria));
        Assert.Equal(["1", "1.0"], CfBenchJudgeParser.ParseStrict("A\t1\n\nB\t1.0 ", criteria));
        Assert.Null(CfBenchJudgeParser.ParseStrict("A\t1\nB\t0", criteria));       // single newline: one part
        Assert.Null(CfBenchJudgeParser.ParseStrict("A\t1\n\nB.\t0", criteria));   // text differs
        Assert.Null(CfBenchJudgeParser.ParseStrict("A\t1\n\nB\t2", criteria));     // not 0 or 1
        Assert.Null(CfBenchJudgeParser.ParseStrict("A\t1\n\nB\t0\t0", criteria));  // two tabs
        Assert.Null(CfBenchJudgeParser.ParseStrict("A\t1\n\nB\tyes", criteria));   // float() fails
    }

    [Fact]
    public void Fallback_parse_keeps_only_the_ones()
    {
        // _get_judge_scores_guaranteed: `if float(score) and float(score) in [0, 1]` drops every 0.
        Assert.Equal(["1", "1"], CfBenchJudgeParser.ParseFallback("A\t1\nB\t0\nnoise\nC\t 1\n"));
        Assert.Empty(CfBenchJudgeParser.ParseFallback("A\t0\nno tabs here"));
        Assert.Throws<FormatException>(() => CfBenchJudgeParser.ParseFallback("A\tyes"));
    }

    [Fact]
    public void Csr_is_the_mean_rounded_to_two_places_and_isr_needs_all()
    {
        var score = CfBenchItemScore.Compute(Item("主需", "主需", "主需"), CfBenchParsing.Strict, ["1", "1", "0"]);
        Assert.Equal(0.67, score.Csr);   // round(2/3, 2)
        Assert.Equal(0, score.Isr);
        Assert.Equal(0, score.Psr);      // a primary criterion failed
    }

    [Fact]
    public void Psr_follows_the_priority_rule()
    {
        // All primary and met: 1.
        Assert.Equal(1, CfBenchItemScore.Compute(Item("主需", "主需"), CfBenchParsing.Strict, ["1", "1"]).Psr);
        // Primary met, secondary mean 0.5: 0.5 + 0.5 * 0.5 = 0.75, not > 0.8.
        Assert.Equal(0, CfBenchItemScore.Compute(Item("主需", "次需", "次需"), CfBenchParsing.Strict, ["1", "1", "0"]).Psr);
        // Primary met, secondary mean 0.8: 0.5 + 0.4 = 0.9 > 0.8.
        Assert.Equal(1, CfBenchItemScore.Compute(Item("主需", "次需", "次需", "次需", "次需", "次需"), CfBenchParsing.Strict, ["1", "1", "1", "1", "1", "0"]).Psr);
        // All secondary: CSR > 0.8 decides; 4/5 = 0.8 is not enough, 5/6 = 0.83 is.
        Assert.Equal(0, CfBenchItemScore.Compute(Item("次需", "次需", "次需", "次需", "次需"), CfBenchParsing.Strict, ["1", "1", "1", "1", "0"]).Psr);
        Assert.Equal(1, CfBenchItemScore.Compute(Item("次需", "次需", "次需", "次需", "次需", "次需"), CfBenchParsing.Strict, ["1", "1", "1", "1", "1", "0"]).Psr);
    }

    [Fact]
    public void Fallback_and_failed_parses_score_by_csr_alone()
    {
        var fallback = CfBenchItemScore.Compute(Item("主需", "主需", "主需"), CfBenchParsing.Fallback, ["1"]);
        Assert.Equal((1.0, 1, 1), (fallback.Csr, fallback.Isr, fallback.Psr));
        var failed = CfBenchItemScore.Compute(Item("主需"), CfBenchParsing.Failed, ["0"]);
        Assert.Equal((0.0, 0, 0), (failed.Csr, failed.Isr, failed.Psr));
    }

    [Fact]
    public void Split_means_are_unrounded()
    {
        var easy = CfBenchItemScore.Compute(Item("主需", "主需", "主需") with { Split = "easy" }, CfBenchParsing.Strict, ["1", "1", "0"]);
        var hard = CfBenchItemScore.Compute(Item("主需"), CfBenchParsing.Strict, ["1"]);
        var scores = CfBenchScores.Compute([easy, hard]);
        Assert.Equal(0.67, scores.Easy.Csr);
        Assert.Equal((0.67 + 1.0) / 2, scores.Full.Csr, 1e-12);
        Assert.Equal(0.5, scores.Full.Isr);
        Assert.Equal(1, scores.Hard.Count);
    }
}
