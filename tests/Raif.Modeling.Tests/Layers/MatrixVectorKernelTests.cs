using Raif.Modeling.Layers;
using Raif.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Tests.Layers;

/// <summary>The hand-written decoding kernel against float64 products computed by libtorch.</summary>
public class MatrixVectorKernelTests
{
    public MatrixVectorKernelTests() => TorchRuntime.EnsureAvailable();

    [Theory]
    [InlineData(1, 512, 512, true)]
    [InlineData(3, 1027, 301, false)] // an inner length that leaves a scalar tail, an output count the threads do not divide
    [InlineData(8, 512, 2048, true)]
    public void The_kernel_equals_a_float64_product(int rows, int outputs, int inputs, bool withBias)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var generator = new Generator(3);
        var weight = randn([outputs, inputs], generator: generator);
        var bias = withBias ? randn([outputs], generator: generator) : null;
        var input = randn([rows, 1, inputs], generator: generator);

        var actual = MatrixVectorKernel.Apply(input, weight, bias);
        var expected = nn.functional.linear(input.to(ScalarType.Float64), weight.to(ScalarType.Float64), bias?.to(ScalarType.Float64));

        Assert.Equal([rows, 1, outputs], actual.shape);
        Assert.Equal(ScalarType.Float32, actual.dtype);
        // Sums of ~500-2000 products of unit normals (magnitude ~30) in float32: a few ulps, far below 1e-3.
        double worst = (actual.to(ScalarType.Float64) - expected).abs().max().item<double>();
        Assert.True(worst < 1e-3, $"max difference {worst}");
    }

    [Theory]
    [InlineData(1, 512, 896, true)]
    [InlineData(3, 1027, 301, false)] // an inner length that leaves a scalar tail
    [InlineData(8, 640, 4864, true)]
    public void The_bfloat16_kernel_matches_libtorch_bfloat16_linear(int rows, int outputs, int inputs, bool withBias)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var generator = new Generator(17);
        var weight = randn([outputs, inputs], generator: generator).to(ScalarType.BFloat16);
        var bias = withBias ? randn([outputs], generator: generator).to(ScalarType.BFloat16) : null;
        var input = randn([rows, 1, inputs], generator: generator).to(ScalarType.BFloat16);

        var actual = MatrixVectorKernel.Apply(input, weight, bias);
        Assert.Equal([rows, 1, outputs], actual.shape);
        Assert.Equal(ScalarType.BFloat16, actual.dtype);

        // The exact product of the bf16 values (float64). The kernel sums in float32 and rounds once to bf16: within
        // one bf16 ulp (2^-8 relative) plus a float32-sum allowance near zero. libtorch rounds the product to bf16
        // before adding the bias and rounds again, so it gets an ulp of the product and one of the result.
        var product = nn.functional.linear(input.to(ScalarType.Float64), weight.to(ScalarType.Float64));
        var exact = bias is null ? product : product + bias.to(ScalarType.Float64);
        var mine = actual.to(ScalarType.Float64);
        var libtorch = nn.functional.linear(input, weight, bias).to(ScalarType.Float64);
        var kernelAllowed = exact.abs() * (1.0 / 256) + 1e-3;
        var libtorchAllowed = (product.abs() + exact.abs()) * (1.0 / 256) + 1e-3;
        Assert.True((mine - exact).abs().le(kernelAllowed).all().item<bool>(), $"kernel off by {(mine - exact).abs().max().item<double>()}");
        Assert.True((libtorch - exact).abs().le(libtorchAllowed).all().item<bool>(), $"libtorch off by {(libtorch - exact).abs().max().item<double>()}");
        Assert.True((mine - libtorch).abs().le(kernelAllowed + libtorchAllowed).all().item<bool>());
    }

    [Fact]
    public void A_bfloat16_row_gives_the_same_bits_alone_as_in_a_batch()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var generator = new Generator(19);
        var weight = randn([640, 520], generator: generator).to(ScalarType.BFloat16);
        var bias = randn([640], generator: generator).to(ScalarType.BFloat16);
        var batch = randn([8, 520], generator: generator).to(ScalarType.BFloat16);
        var together = MatrixVectorKernel.Apply(batch, weight, bias);
        for (int r = 0; r < 8; r++)
        {
            var alone = MatrixVectorKernel.Apply(batch.narrow(0, r, 1), weight, bias);
            Assert.True(alone.eq(together.narrow(0, r, 1)).all().item<bool>(), $"row {r} differs");
        }
    }

    [Fact]
    public void A_row_gives_the_same_bits_alone_as_in_a_batch()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var generator = new Generator(5);
        var weight = randn([640, 512], generator: generator);
        var bias = randn([640], generator: generator);
        var batch = randn([8, 512], generator: generator);
        var together = MatrixVectorKernel.Apply(batch, weight, bias);
        for (int r = 0; r < 8; r++)
        {
            var alone = MatrixVectorKernel.Apply(batch.narrow(0, r, 1), weight, bias);
            Assert.True(alone.eq(together.narrow(0, r, 1)).all().item<bool>(), $"row {r} differs");
        }
    }

    [Fact]
    public void A_non_contiguous_input_is_read_by_its_logical_layout()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var generator = new Generator(9);
        var weight = randn([512, 512], generator: generator);
        var transposed = randn([512, 2], generator: generator).t(); // [2, 512] with strides (1, 2)
        Assert.False(transposed.is_contiguous());
        var actual = MatrixVectorKernel.Apply(transposed, weight, null);
        var expected = MatrixVectorKernel.Apply(transposed.contiguous(), weight, null);
        Assert.True(actual.eq(expected).all().item<bool>());
    }

    [Fact]
    public void It_applies_only_to_inference_on_large_float32_cpu_weights_and_few_rows()
    {
        using var scope = NewDisposeScope();
        var large = zeros(512, 512);
        var x = zeros(1, 512);
        using (no_grad())
        {
            Assert.True(MatrixVectorKernel.Applies(x, large, null, rows: 1));
            Assert.True(MatrixVectorKernel.Applies(x, large, null, rows: MatrixVectorKernel.MaxRows));
            Assert.False(MatrixVectorKernel.Applies(x, large, null, rows: MatrixVectorKernel.MaxRows + 1));
            Assert.False(MatrixVectorKernel.Applies(x, zeros(511, 512), null, rows: 1)); // below 2^18 elements
            // Over 2 GiB (a 7B model's float32 head): more than a Span can address. empty() only reserves the memory.
            Assert.False(MatrixVectorKernel.Applies(zeros(1, 8192), empty(65537, 8192), null, rows: 1));
            Assert.True(MatrixVectorKernel.Applies(x.to(ScalarType.BFloat16), large.to(ScalarType.BFloat16), null, rows: 1));
            Assert.False(MatrixVectorKernel.Applies(x, large.to(ScalarType.BFloat16), null, rows: 1)); // mixed dtypes
            Assert.False(MatrixVectorKernel.Applies(x.to(ScalarType.Float16), large.to(ScalarType.Float16), null, rows: 1));
            Assert.False(MatrixVectorKernel.Applies(x, zeros(512, 512).t(), null, rows: 1)); // a transposed weight
        }
        // With gradients on, the product must stay differentiable, so libtorch runs it.
        Assert.False(MatrixVectorKernel.Applies(x, large, null, rows: 1));
    }

    [Fact]
    public void Projection_uses_the_kernel_for_a_decoding_step_and_stays_differentiable_in_training()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(13);
        var weight = randn([512, 512], generator: generator).requires_grad_();
        var input = randn([1, 1, 512], generator: generator);
        Tensor inference;
        using (no_grad())
            inference = Projection.Apply(input, weight);
        var training = Projection.Apply(input, weight);
        training.sum().backward();
        Assert.NotNull(weight.grad);
        Assert.True(inference.allclose(training.detach(), rtol: 1e-5, atol: 1e-4));
        Assert.True(inference.eq(MatrixVectorKernel.Apply(input, weight.detach(), null)).all().item<bool>());
    }
}
