using Raif.Rewards.Maths;

namespace Raif.Rewards.Tests.Maths;

/// <summary>
/// Equivalence pairs (prediction as written inside \boxed{…}, reference as stored in the target). Both sides go
/// through the normaliser, as the reward does. The expectations are those of Qwen-Math's <c>math_equal</c>, worked
/// out by hand from its rule order (string, choice letter, plain numbers with rel_tol 1e-4 and ×100/÷100,
/// bracket-insensitive text, element-wise tuples/matrices, equations, SymPy); the few deliberate differences are
/// in their own table below with what the reference says.
/// </summary>
public class MathsEquivalenceTests
{
    public static TheoryData<string, string, bool> QwenPairs => new()
    {
        // Plain text, case-insensitive.
        { "35", "35", true },
        { "\\text{Monday}", "monday", true },
        { "\\text{Tuesday}", "Monday", false },
        { "b", "B", true },
        // Numbers: tolerance 1e-4 relative, commas, trailing zeros, exponents.
        { "35.0", "35", true },
        { "3.50", "3.5", true },
        { "1,000", "1000", true },
        { "10,\\!000", "10000", true },
        { "\\$1,000.50", "1000.5", true },
        { "1e3", "1000", true },
        { "1.00005", "1", true },
        { "1.001", "1", false },
        { "0", "0.0", true },
        { "0.0001", "0", false },
        { "-0.5", "0.5", false },
        { "36", "35", false },
        // Percentages: the reference ×100 or ÷100, plain numbers only.
        { "50\\%", "0.5", true },
        { "0.5", "50", true },
        { "10%", "0.1", true },
        { "5", "50", false },
        { "\\frac{1}{2}", "50", false },
        // Fractions.
        { "\\frac{1}{2}", "0.5", true },
        { "\\dfrac{1}{2}", "\\frac12", true },
        { "1/2", "\\frac{1}{2}", true },
        { "3/4", "0.75", true },
        { "\\frac34", "\\frac{3}{4}", true },
        { "\\frac{3}{4}", "\\frac{4}{3}", false },
        { "\\frac{1}{3}", "\\frac{2}{6}", true },
        { "0.33333", "\\frac{1}{3}", true },
        { "0.33", "\\frac{1}{3}", false },
        { "-\\frac{1}{2}", "-0.5", true },
        { "\\frac{-1}{2}", "-\\frac{1}{2}", true },
        // Roots, powers, \pi, products.
        { "2\\sqrt{3}", "\\sqrt{12}", true },
        { "4\\sqrt{2}", "\\sqrt{32}", true },
        { "\\sqrt{2}/2", "\\frac{\\sqrt{2}}{2}", true },
        { "\\frac{\\sqrt{3}}{2}", "0.866", true },
        { "\\sqrt{2}", "1.414", false },
        { "\\sqrt{16}", "4", true },
        { "\\sqrt[3]{27}", "3", true },
        { "2^{10}", "1024", true },
        { "10^{-3}", "0.001", true },
        { "1.5\\times10^{3}", "1500", true },
        { "3\\cdot4", "12", true },
        { "\\pi", "3.14159", true },
        { "3.14", "\\pi", false },
        { "2\\pi", "6.2832", true },
        { "\\frac{\\pi}{2}", "\\frac{1}{2}\\pi", true },
        { "|-3|", "3", true },
        { "5!", "120", true },
        // Expressions with variables: symbolic identity.
        { "x^2+2x+1", "(x+1)^2", true },
        { "x^2+2x+1", "(x+1)^3", false },
        { "\\frac{x+2}{7}", "\\frac{x}{7}+\\frac{2}{7}", true },
        { "2x", "x+x", true },
        { "x", "y", false },
        { "\\frac{a}{b}", "\\frac{b}{a}", false },
        // Tuples and matrices, element by element.
        { "(1,2)", "(1,2)", true },
        { "(1, 2)", "(1,2)", true },
        { "(1,4.5)", "(1,\\frac{9}{2})", true },
        { "(2,3)", "(3,2)", false },
        { "\\left( 1, 2 \\right)", "(1,2)", true },
        { "(-\\infty,3]", "(-\\infty, 3]", true },
        { "(3)", "3", true },
        { "[3]", "3", true },
        { "\\{1,2,3\\}", "\\{3,2,1\\}", false },
        { "\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}", "\\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}", true },
        { "\\begin{pmatrix}0.5&1\\\\3&4\\end{pmatrix}", "\\begin{pmatrix}\\frac{1}{2}&1\\\\3&4\\end{pmatrix}", true },
        { "\\begin{pmatrix}1&2\\\\3&5\\end{pmatrix}", "\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}", false },
        // Multiple choice.
        { "(B)", "B", true },
        { "\\text{(C)}", "C", true },
        { "C", "D", false },
        // Equations and named answers.
        { "x=5", "5", true },
        { "k=5", "5", true },
        { "y=2x+3", "2x+3", true },
        { "2a+b=10", "b+2a=10", true },
        { "2a+b=10", "2a+b=12", false },
        { "2a+b=c", "c=b+2a", false }, // "c=" is a short name and is dropped: an equation against an expression
        { "2x+3=y", "y=2x+3", false },
        // Units, dollars, degrees, words.
        { "5\\text{ cm}", "5", true },
        { "5 cm", "5", true },
        { "\\$5", "5", true },
        { "5 dollars", "5", true },
        { "30^\\circ", "30", true },
        { "30^{\\circ}", "30", true },
        { "five", "5", true },
        { "twenty-one", "21", true },
        { "2+3j", "2+3i", true },
        // Infinity and sets.
        { "infinity", "\\infty", true },
        { "-\\infty", "\\infty", false },
        { "\\emptyset", "\\{\\}", true },
    };

    [Theory]
    [MemberData(nameof(QwenPairs))]
    public void Pairs_follow_the_reference_semantics(string prediction, string reference, bool expected)
    {
        var p = MathsAnswerNormalizer.Normalize(prediction);
        var r = MathsAnswerNormalizer.Normalize(reference);
        Assert.True(expected == MathsEquivalence.AreEqual(p, r), $"'{prediction}' ('{p}') vs '{reference}' ('{r}'): expected {expected}");
    }

    /// <summary>
    /// Where Raif deliberately differs: Qwen-Math's bracket stripping and list comparison make every one of these
    /// equal (an interval's open and closed ends are ignored, a tuple equals an interval).
    /// </summary>
    public static TheoryData<string, string> BracketDifferences => new()
    {
        { "[1,2]", "[1,2)" },
        { "(1,2)", "[1,2]" },
        { "(-\\infty,3)", "(-\\infty,3]" },
    };

    [Theory]
    [MemberData(nameof(BracketDifferences))]
    public void Intervals_with_different_ends_are_not_equal(string prediction, string reference) =>
        Assert.False(MathsEquivalence.AreEqual(MathsAnswerNormalizer.Normalize(prediction), MathsAnswerNormalizer.Normalize(reference)));

    [Fact]
    public void At_least_sixty_pairs_cover_both_outcomes()
    {
        var pairs = QwenPairs.Select(row => (bool)row[2]).ToList();
        Assert.True(pairs.Count >= 60, $"{pairs.Count} pairs");
        Assert.True(pairs.Count(x => x) >= 20);
        Assert.True(pairs.Count(x => !x) >= 20);
    }

    [Fact]
    public void Tuples_split_only_at_top_level_commas()
    {
        Assert.Equal(["\\frac{1,2}{3}", "(4,5)", "6"], MathsEquivalence.TopLevelSplit("\\frac{1,2}{3},(4,5),6", ','));
    }

    [Fact]
    public void A_cancelled_budget_stops_the_comparison()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => MathsEquivalence.AreEqual("x^2+2x+1", "(x+1)^2", cts.Token));
    }
}
