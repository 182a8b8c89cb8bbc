using Raif.Rewards.Maths;

namespace Raif.Rewards.Tests.Maths;

public class MathExpressionTests
{
    [Theory]
    [InlineData("1+2*3", 7)]
    [InlineData("2^3^2", 512)]             // right-associative
    [InlineData("-2^2", -4)]               // the sign applies after the power
    [InlineData("2^{-1}", 0.5)]
    [InlineData("2**10", 1024)]
    [InlineData("\\frac{1}{2}\\cdot4", 2)]
    [InlineData("3\\sqrt{4}", 6)]
    [InlineData("\\sqrt[3]{-8}", -2)]
    [InlineData("(1+2)(3+4)", 21)]
    [InlineData("2\\pi", 2 * Math.PI)]
    [InlineData("4!", 24)]
    [InlineData("|2-5|", 3)]
    [InlineData("12\\div4", 3)]
    [InlineData("\\ln{1}", 0)]
    public void Constant_expressions_evaluate_as_written(string text, double expected)
    {
        var e = MathExpression.TryParse(text);
        Assert.NotNull(e);
        Assert.Empty(e.Variables);
        Assert.Equal(expected, e.Evaluate(), 1e-12);
    }

    [Fact]
    public void Variables_are_single_letters_and_greek_names()
    {
        var e = MathExpression.TryParse("2xy+\\theta")!;
        Assert.Equal(["theta", "x", "y"], e.Variables.Order());
        Assert.Equal(2 * 3 * 5 + 0.5, e.Evaluate(new Dictionary<string, double> { ["x"] = 3, ["y"] = 5, ["theta"] = 0.5 }));
    }

    [Theory]
    [InlineData("1,2")]
    [InlineData("\\infty")]
    [InlineData("(1+2")]
    [InlineData("x=")]
    [InlineData("\\unknown{3}")]
    [InlineData("")]
    public void Text_outside_the_grammar_is_not_an_expression(string text) =>
        Assert.Null(MathExpression.TryParse(text));

    [Fact]
    public void Deep_nesting_is_refused_instead_of_overflowing_the_stack()
    {
        Assert.Null(MathExpression.TryParse(new string('{', 3000) + "1" + new string('}', 3000)));
        Assert.Null(MathExpression.TryParse("2^" + string.Concat(Enumerable.Repeat("-", 3000)) + "1"));
        Assert.Null(MathExpression.TryParse(string.Concat(Enumerable.Repeat("-", 3000)) + "1"));
    }
}
