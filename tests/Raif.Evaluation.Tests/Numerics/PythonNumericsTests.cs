using Raif.Evaluation.Numerics;

namespace Raif.Evaluation.Tests.Numerics;

public sealed class PythonNumericsTests
{
    // Expected values printed by CPython 3.11: round(0.125, 2), round(0.375, 2), round(2.675, 2) (the example in
    // Python's documentation of round), round(0.58125, 4), round(0.69375, 4).
    [Theory]
    [InlineData(0.125, 2, 0.12)]
    [InlineData(0.375, 2, 0.38)]
    [InlineData(2.675, 2, 2.67)]
    [InlineData(2.5, 0, 2.0)]
    [InlineData(0.58125, 4, 0.5813)]
    [InlineData(0.69375, 4, 0.6937)]
    [InlineData(-0.375, 2, -0.38)]
    public void Round_is_python_round(double value, int digits, double expected) =>
        Assert.Equal(expected, PythonRound.Round(value, digits));

    [Fact]
    public void Sum_of_floats_is_compensated_as_in_python_3_12()
    {
        // Python 3.12's "What's New": sum() of floats uses Neumaier summation, so sum([0.1] * 10) == 1.0, where a
        // running sum gives 0.9999999999999999.
        var tenths = Enumerable.Repeat(PyNumber.Float(0.1), 10).ToList();
        Assert.Equal(1.0, PythonSum.Sum(tenths).Value);
        double naive = 0;
        for (int i = 0; i < 10; i++)
            naive += 0.1;
        Assert.NotEqual(1.0, naive);
    }

    [Fact]
    public void Sum_keeps_ints_as_ints_until_the_first_float()
    {
        var allInts = PythonSum.Sum([PyNumber.Int(1), PyNumber.Int(0), PyNumber.Int(1)]);
        Assert.True(allInts.IsInt);
        Assert.Equal(2.0, allInts.Value);
        var mixed = PythonSum.Sum([PyNumber.Int(1), PyNumber.Float(0.5), PyNumber.Int(1)]);
        Assert.False(mixed.IsInt);
        Assert.Equal(2.5, mixed.Value);
    }

    [Fact]
    public void Numpy_mean_sums_pairwise_in_blocks_of_eight()
    {
        // Below 8 values numpy adds left to right: (1e16 + 1) + 1 loses both ones.
        Assert.Equal((1e16 + 1 + 1) / 3, NumpyMean.Mean([1e16, 1, 1]));
        // 9 values: eight accumulators r[j] = a[j], combined ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then a[8]:
        // ((1e16+1)+(1+1)) + ((1+1)+(1+1)) + 1 = (1e16 + 2 [1e16+1 rounds to 1e16, +2 exact]) + 4 + 1.
        double[] a = [1e16, 1, 1, 1, 1, 1, 1, 1, 1];
        double expected = ((((1e16 + 1) + (1 + 1)) + ((1 + 1) + (1 + 1))) + 1) / 9;
        Assert.Equal(expected, NumpyMean.Mean(a));
        double leftToRight = 0;
        foreach (double v in a)
            leftToRight += v;
        Assert.NotEqual(leftToRight / 9, NumpyMean.Mean(a));
    }

    [Theory]
    [InlineData(" 1\n", 1.0)]
    [InlineData("1_0", 10.0)]
    [InlineData("\uFF11", 1.0)]
    [InlineData("1.0", 1.0)]
    [InlineData("-0", 0.0)]
    [InlineData("1e0", 1.0)]
    public void Float_accepts_what_python_float_accepts(string text, double expected)
    {
        Assert.True(PythonFloat.TryParse(text, out double value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("_1")]
    [InlineData("1__0")]
    [InlineData("one")]
    [InlineData("1 0")]
    public void Float_rejects_what_python_float_rejects(string text) => Assert.False(PythonFloat.TryParse(text, out _));

    [Fact]
    public void Float_reads_nan_which_is_neither_0_nor_1()
    {
        Assert.True(PythonFloat.TryParse("NaN", out double value));
        Assert.True(double.IsNaN(value));
    }
}
