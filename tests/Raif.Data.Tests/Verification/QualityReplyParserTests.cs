using Raif.Data.Verification;

namespace Raif.Data.Tests.Verification;

public sealed class QualityReplyParserTests
{
    [Theory]
    [InlineData("True", QualityVerdict.True)]
    [InlineData("False", QualityVerdict.False)]
    [InlineData("NA", QualityVerdict.NA)]
    public void A_well_formed_block_after_some_thinking_gives_its_verdict(string result, QualityVerdict expected)
    {
        string reply = $"The instruction asks for English and the answer is English.\n\n[Verdict]\nAnalysis: The answer is in English.\nResult: {result}\n[End of Verdict]\n";
        var parsed = QualityReplyParser.TryParse(reply, out var problem);
        Assert.Null(problem);
        Assert.Equal(new QualityReply(expected, "The answer is in English."), parsed);
    }

    [Fact]
    public void Reasoning_in_a_think_block_is_skipped_and_a_multi_line_analysis_is_joined()
    {
        string reply = "<think>Maybe [Verdict] Result: False [End of Verdict]? No.</think>\n[Verdict]\nAnalysis: Two claims,\nboth true.\nResult: True\n[End of Verdict]";
        Assert.Equal(new QualityReply(QualityVerdict.True, "Two claims, both true."), QualityReplyParser.TryParse(reply, out _));
    }

    [Theory]
    [InlineData("The answer is fine. Result: True", "no verdict block")]
    [InlineData("[Verdict]\nAnalysis: ok\nResult: True\n", "no verdict block")]
    [InlineData("[Verdict]\nAnalysis: a\nResult: True\n[End of Verdict]\n[Verdict]\nAnalysis: b\nResult: False\n[End of Verdict]", "more than one verdict block")]
    [InlineData("[Verdict]\nAnalysis: ok\nResult: True\n[End of Verdict]\nHope this helps!", "text after the verdict block")]
    [InlineData("[Verdict]\nAnalysis: ok\nResult: true\n[End of Verdict]", "the result 'true' is not True, False or NA")]
    [InlineData("[Verdict]\nAnalysis: ok\nResult: Yes\n[End of Verdict]", "the result 'Yes' is not True, False or NA")]
    [InlineData("[Verdict]\nAnalysis: ok\nResult: **True**\n[End of Verdict]", "the result '**True**' is not True, False or NA")]
    [InlineData("[Verdict]\nResult: True\n[End of Verdict]", "the block does not start with an 'Analysis:' line")]
    [InlineData("[Verdict]\nAnalysis:\nResult: True\n[End of Verdict]", "empty analysis")]
    [InlineData("[Verdict]\nAnalysis: ok\n[End of Verdict]", "the block does not start with an 'Analysis:' line")]
    [InlineData("[Verdict]\nAnalysis: ok\nResult: True\nMore words.\n[End of Verdict]", "more than one 'Result:' line")]
    [InlineData("[Verdict]\nAnalysis: ok\nThe end.\n[End of Verdict]", "the block does not end with a 'Result:' line")]
    [InlineData("[End of Verdict]\n[Verdict]\nAnalysis: ok\nResult: True", "[End of Verdict] before [Verdict]")]
    public void A_broken_reply_is_refused_with_its_fault(string reply, string expected)
    {
        Assert.Null(QualityReplyParser.TryParse(reply, out var problem));
        Assert.Equal(expected, problem);
    }
}
