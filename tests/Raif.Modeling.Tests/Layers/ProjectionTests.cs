using Raif.Modeling.Layers;
using Raif.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Tests.Layers;

/// <summary>The decoding-step projection paths against libtorch's own F.linear.</summary>
public class ProjectionTests
{
    public ProjectionTests() => TorchRuntime.EnsureAvailable();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(64)]
    public void A_split_product_equals_linear(int rows)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        var weight = randn([1024, 1024], generator: generator);
        var bias = randn([1024], generator: generator);
        var input = randn([1, rows, 1024], generator: generator);

        var expected = nn.functional.linear(input, weight, bias);
        var split = Projection.SplitProduct(weight, input.reshape(rows, 1024), parts: 4).reshape(1, rows, 1024) + bias;

        Assert.Equal(expected.shape, split.shape);
        // Float32 dot products of 1,024 terms summed in another order: differences of a few ulps of values ~30.
        Assert.True(split.allclose(expected, rtol: 1e-5, atol: 1e-4), $"max difference {(split - expected).abs().max().item<float>()}");
        // Every output is its own row's product: a wrong block order or permutation would move whole rows.
        Assert.True(split.narrow(2, 256, 256).allclose(expected.narrow(2, 256, 256), rtol: 1e-5, atol: 1e-4));
    }

    [Fact]
    public void Apply_splits_only_large_weights_whose_size_the_threads_divide()
    {
        using var scope = NewDisposeScope();
        int threads = get_num_threads();
        Assert.Equal(1, Projection.SplitParts(zeros(128, 352)));                       // small: never split
        Assert.Equal(threads > 1 ? threads : 1, Projection.SplitParts(zeros(1024 * threads, 1024)));
        Assert.Equal(1, Projection.SplitParts(zeros(1024 * threads + 1, 1024)));       // not divisible
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public void Apply_matches_linear_for_a_large_weight(int rows)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var generator = new Generator(11);
        var weight = randn([2048, 1024], generator: generator);
        var input = randn([rows, 1, 1024], generator: generator);
        var expected = nn.functional.linear(input, weight);
        var actual = Projection.Apply(input, weight);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-4));
    }
}
