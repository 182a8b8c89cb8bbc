using Raif.Modeling.Generation;
using Raif.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Tests.Generation;

public class CategoricalSamplerTests
{
    public CategoricalSamplerTests() => TorchRuntime.EnsureAvailable();

    // Weights 0, 0.25, 0, 0.75, 0: the running sum is 0.25 from index 1 and 1.0 from index 3 (hand-derived).
    private static readonly float[] Weights = [0f, 0.25f, 0f, 0.75f, 0f];

    [Theory]
    [InlineData(0.0, 1)] // target 0: the first positive weight, not the leading zero
    [InlineData(0.2499, 1)] // 0.25 > 0.2499
    [InlineData(0.25, 3)] // 0.25 is not > 0.25: the next positive weight
    [InlineData(0.9999, 3)]
    [InlineData(1.0, 3)] // a target that rounded up to the total: the last positive weight, not the trailing zero
    public void Pick_takes_the_first_index_whose_running_sum_passes_the_target(double u, int expected) =>
        Assert.Equal(expected, CategoricalSampler.Pick(Weights, u));

    [Fact]
    public void Pick_scales_the_target_by_the_total_of_unnormalised_weights()
    {
        // Weights 1, 3 (total 4): u = 0.2 is target 0.8 (< 1, index 0); u = 0.3 is target 1.2 (index 1).
        Assert.Equal(0, CategoricalSampler.Pick([1f, 3f], 0.2));
        Assert.Equal(1, CategoricalSampler.Pick([1f, 3f], 0.3));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(-0.1f)]
    [InlineData(float.PositiveInfinity)]
    public void Pick_rejects_weights_that_are_not_a_distribution(float bad) =>
        Assert.Equal(-1, CategoricalSampler.Pick([0.5f, bad, 0.5f], 0.5));

    [Fact]
    public void Pick_rejects_all_zero_weights() => Assert.Equal(-1, CategoricalSampler.Pick([0f, 0f], 0.5));

    [Fact]
    public void Draws_follow_the_probabilities_and_never_take_a_zero_one()
    {
        float[] p = [0.1f, 0f, 0.6f, 0.3f];
        const int n = 20_000;
        using var generator = new Generator(11);
        using var probs = tensor(p).unsqueeze(0).expand(n, -1).contiguous();
        using var drawn = CategoricalSampler.Draw(probs, generator);
        var counts = new int[p.Length];
        foreach (long id in drawn.data<long>().ToArray())
            counts[id]++;
        Assert.Equal(0, counts[1]);
        for (int i = 0; i < p.Length; i++)
        {
            // Binomial count: mean n p, standard deviation sqrt(n p (1 - p)); 5 deviations fail about once in 2 million.
            double mean = n * p[i], sd = Math.Sqrt(n * p[i] * (1 - p[i]));
            Assert.InRange(counts[i], mean - (5 * sd), mean + (5 * sd));
        }
    }

    [Fact]
    public void A_seed_repeats_its_draws_and_another_seed_differs()
    {
        using var probs = full(64, 50, 1f / 50);
        long[] Draw(ulong seed)
        {
            using var generator = new Generator(seed);
            using var drawn = CategoricalSampler.Draw(probs, generator);
            return drawn.data<long>().ToArray();
        }
        Assert.Equal(Draw(3), Draw(3));
        Assert.NotEqual(Draw(3), Draw(4));
    }

    [Fact]
    public void A_row_without_a_distribution_is_an_error_naming_the_row()
    {
        using var probs = tensor(new[] { 0.5f, 0.5f, float.NaN, 0.5f }, [2, 2]);
        using var generator = new Generator(1);
        var error = Assert.Throws<ArgumentException>(() => CategoricalSampler.Draw(probs, generator));
        Assert.Contains("row 1", error.Message);
    }
}
