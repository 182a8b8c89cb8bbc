using Raif.Modeling.Layers;
using Raif.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Tests.Layers;

/// <summary>Row blocks of one weight as separate HF parameters, read together while decoding.</summary>
public class FusedProjectionTests
{
    public FusedProjectionTests() => TorchRuntime.EnsureAvailable();

    private static FusedProjection Create(ulong seed)
    {
        var fused = new FusedProjection(512, [512, 128, 128], bias: true, ScalarType.Float32, CPU);
        using var noGrad = no_grad();
        var generator = new Generator(seed);
        foreach (var part in fused.Parts)
        {
            part.Weight.copy_(randn(part.Weight.shape, generator: generator));
            part.Bias!.copy_(randn(part.Bias.shape, generator: generator));
        }
        return fused;
    }

    [Fact]
    public void The_parts_are_hf_shaped_parameters_and_the_fused_product_is_their_products_side_by_side()
    {
        using var fused = Create(1);
        using var scope = NewDisposeScope();
        Assert.Equal([[512, 512], [128, 512], [128, 512]], fused.Parts.Select(p => p.Weight.shape).ToArray());
        Assert.All(fused.Parts, p => Assert.True(p.Weight.requires_grad));
        Assert.Equal(["weight", "bias"], fused.Parts[1].named_parameters().Select(p => p.name));

        using var noGrad = no_grad();
        var x = randn([1, 1, 512], generator: new Generator(2));
        var together = fused.TryApply(x);
        Assert.NotNull(together);
        Assert.Equal([1, 1, 768], together.shape);
        long start = 0;
        foreach (var part in fused.Parts)
        {
            long width = part.Weight.shape[0];
            // Each part alone, in float64 by libtorch: the fused kernel must put its outputs in this slot.
            var expected = nn.functional.linear(x.to(ScalarType.Float64), part.Weight.to(ScalarType.Float64), part.Bias!.to(ScalarType.Float64));
            double worst = (together.narrow(-1, start, width).to(ScalarType.Float64) - expected).abs().max().item<double>();
            Assert.True(worst < 1e-3, $"part at {start}: max difference {worst}");
            start += width;
        }
    }

    [Fact]
    public void An_in_place_update_of_a_part_is_seen_by_the_fused_product()
    {
        using var fused = Create(3);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = randn([1, 512], generator: new Generator(4));
        fused.Parts[2].Weight.add_(1.0f); // what an optimizer step or a checkpoint load does
        var together = fused.TryApply(x)!;
        var expected = nn.functional.linear(x, fused.Parts[2].Weight, fused.Parts[2].Bias);
        Assert.True(together.narrow(-1, 640, 128).allclose(expected, rtol: 1e-5, atol: 1e-3));
    }

    [Fact]
    public void It_declines_training_and_prefill()
    {
        using var fused = Create(5);
        using var scope = NewDisposeScope();
        var step = randn([1, 512]);
        Assert.Null(fused.TryApply(step)); // gradients on
        using var noGrad = no_grad();
        Assert.Null(fused.TryApply(randn([MatrixVectorKernel.MaxRows + 1, 512]))); // a prefill-sized input
        Assert.NotNull(fused.TryApply(step));
    }

    [Fact]
    public void The_wide_test_model_decodes_through_the_kernel()
    {
        // The generation tests run "qwen2-wide" to cover the kernel path; that only holds while its smallest decoding
        // projection (q and o, hidden x hidden) is at least the kernel's minimum size.
        var config = Raif.Modeling.Checkpoints.ModelConfigReader.Parse(Fixtures.TinyModels.Qwen2WideConfig(), "wide config");
        Assert.True((long)config.HiddenSize * config.HiddenSize >= MatrixVectorKernel.MinimumElements);
        Assert.True((long)config.HiddenSize * config.IntermediateSize >= MatrixVectorKernel.MinimumElements);
    }
}
