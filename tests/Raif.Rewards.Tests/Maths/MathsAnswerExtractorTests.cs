using Raif.Rewards.Maths;

namespace Raif.Rewards.Tests.Maths;

public class MathsAnswerExtractorTests
{
    public static TheoryData<string, string> Outputs => new()
    {
        // model output, extracted and normalised answer
        { "so the result is \\boxed{35}.", "35" },
        { "first \\boxed{3} then \\boxed{\\frac{\\sqrt{3}}{2}}", "\\frac{\\sqrt{3}}{2}" },
        { "\\boxed{\\left( 1, 2 \\right)}", "(1,2)" },
        { "$\\boxed 5$ is it", "5" },
        { "unfinished \\boxed{12", "12" },
        { "\\boxed{}", "" },
        { "\\boxed{\\dfrac{1}{2}.}", "\\frac{1}{2}" },
        { "\\boxed{\n: 42\n}", "42" },
        { "The answer is 42.", "42" },
        { "The final answer is \\$7.", "7" },
        { "we get x = 3 and then y = 1,024 units", "1024" },
        { "所以答案是 12\n\n其他内容", "12" },
        { "no digits here", "" },
        { "The final answer is $\\frac{2}{3}$. I hope it is correct.", "\\frac{2}{3}" },
    };

    [Theory]
    [MemberData(nameof(Outputs))]
    public void The_answer_is_found_and_normalised(string output, string expected) =>
        Assert.Equal(expected, MathsAnswerExtractor.Extract(output));

    [Fact]
    public void Boxed_is_detected_anywhere_as_a_substring()
    {
        Assert.True(MathsAnswerExtractor.HasBoxed("<think>\\boxed{1}</think><answer>1</answer>"));
        Assert.True(MathsAnswerExtractor.HasBoxed("\\fboxed"));
        Assert.False(MathsAnswerExtractor.HasBoxed("The answer is 1"));
    }
}

public class MathsAnswerNormalizerTests
{
    public static TheoryData<string, string> Answers => new()
    {
        { " 12. ", "12" },
        { "\\frac12", "\\frac{1}{2}" },
        { "\\frac1{72}", "\\frac{1}{72}" },
        { "\\tfrac{a}{b}", "\\frac{a}{b}" },
        { "\\sqrt2", "\\sqrt{2}" },
        { "3/4", "\\frac{3}{4}" },
        { "3/x", "3/x" },
        { "\\left[ 0, 1 \\right)", "[0,1)" },
        { "\\begin{array}{cc} 1 & 2 \\end{array}", "\\begin{pmatrix}1&2\\end{pmatrix}" },
        { "10\\%", "10" },
        { "2.000", "2" },
        { "1.0x", "1x" },
        { ".5", "0.5" },
        { "k = 7", "7" },
        { "\\text{Paris}", "Paris" },
        { "x\\in [2, 3]", "[2,3]" },
        { "x \\in [2, 3]", "x\\in[2,3]" }, // the reference removes only "x\\in" written without a space
        { "12\\text{ inches}", "12" },
        { "4 square feet", "4" },
        { "random", "random" },
        { "3 and 4", "34" },
        { "one hundred and five", "105" },
        { "a + b", "a+b" },
        { "\\sec x", "\\secx" },
        { "\\mbox{ m}5", "5" },
        { "(-\\infty,\\infty)", "\\mathbb{R}" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void Normalisation_follows_strip_string(string input, string expected) =>
        Assert.Equal(expected, MathsAnswerNormalizer.Normalize(input));
}
