using Raif.Data.Verification;

namespace Raif.Data.Tests.Verification;

public sealed class QualityCheckTests
{
    [Fact]
    public void The_seven_checks_of_the_paper_are_there_in_its_order()
    {
        Assert.Equal(["language", "no_leakage", "length", "factual", "well_defined", "consistent", "safe"], QualityCheck.All.Select(c => c.Name));
        Assert.All(QualityCheck.All, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Property));
            Assert.Contains("- True:", c.Criteria, StringComparison.Ordinal);
            Assert.Contains("- False:", c.Criteria, StringComparison.Ordinal);
            Assert.Contains("- NA:", c.Criteria, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void The_prompt_holds_the_pair_verbatim_and_asks_for_the_verdict_block()
    {
        var check = QualityCheck.Get("length");
        string prompt = check.Prompt("Write {answer} in 50 words.", "Fifty words {instruction} here.");
        Assert.Contains("<<<\nWrite {answer} in 50 words.\n>>>", prompt, StringComparison.Ordinal);
        Assert.Contains("<<<\nFifty words {instruction} here.\n>>>", prompt, StringComparison.Ordinal);
        Assert.Contains("## Property: the answer meets the instruction's explicit length requirements", prompt, StringComparison.Ordinal);
        Assert.Contains("[Verdict]\nAnalysis:", prompt, StringComparison.Ordinal);
        Assert.Contains("Result: <True, False or NA>\n[End of Verdict]", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("{criteria}", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_lists_parse_to_the_canonical_order_and_unknown_names_are_refused()
    {
        Assert.Equal(VerifyChecks.All, VerifyChecks.Parse("all"));
        Assert.Empty(VerifyChecks.Parse("none"));
        Assert.Equal(["constraints", "factual", "safe"], VerifyChecks.Parse("safe, constraints,factual"));
        var error = Assert.Throws<ArgumentException>(() => VerifyChecks.Parse("constraints,toxicity"));
        Assert.Contains("'toxicity'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("YES(是)", true)]
    [InlineData("NO(否)", false)]
    [InlineData("  **YES** the text has a date", true)]
    [InlineData("<think>It says NO somewhere.</think>\nNO", false)]
    [InlineData("是", true)]
    [InlineData("否。", false)]
    public void Checklist_replies_read_yes_or_no(string reply, bool expected)
    {
        Assert.Equal(expected, ChecklistReplyParser.TryParse(reply, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("NOTHING to say")]
    [InlineData("The answer is YES")]
    [InlineData("")]
    public void Checklist_replies_that_do_not_start_with_a_verdict_are_broken(string reply)
    {
        Assert.Null(ChecklistReplyParser.TryParse(reply, out var problem));
        Assert.Equal("the reply starts with neither YES nor NO", problem);
    }
}
