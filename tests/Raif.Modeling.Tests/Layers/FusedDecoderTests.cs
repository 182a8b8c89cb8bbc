using System.Text.Json.Nodes;
using Raif.Modeling.Generation;
using Raif.Modeling.Layers;
using Raif.Modeling.Tests.Fixtures;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Tests.Layers;

/// <summary>
/// The C# decoding step (<see cref="FusedDecoder"/>) against the libtorch path of the same model, step by step: same
/// prefill, then each step's hidden states, logits, greedy token and cache contents compared. The libtorch path is
/// the reference (it is what prefill, training and HF-parity tests run).
/// </summary>
public class FusedDecoderTests
{
    public static TheoryData<string, int, int, int> Cases() => new()
    {
        { "qwen2", 1, 0, 1 },   // GQA (4 heads, 2 kv heads), q/k/v biases, tied head
        { "qwen2", 3, 0, 1 },   // three left-padded rows: the key mask hides the padding
        { "llama", 2, 0, 1 },   // one kv head (groups of 4), head_dim 16 != hidden / heads, llama3 RoPE, untied, no biases
        { "mistral", 3, 0, 1 }, // a sliding window of 4, outgrown by the prompt and by the steps
        { "wide", 1, 0, 1 },    // the kernel-sized model that Auto sends through this path
        { "wide", 2, 2, 1 },    // a cache reserved for 2 new tokens grows (reallocates) mid-decoding
        { "wide", 3, 0, 20 },   // prompts of 60-160 tokens: attention long enough to be split over threads
        { "qwen2", 24, 0, 1 },  // more rows than the kernel's MaxRows: a small model's step takes any number within its budget
    };

    private static JsonObject Config(string name) => name switch
    {
        "qwen2" => TinyModels.Qwen2TiedConfig(),
        "llama" => TinyModels.LlamaConfig(),
        "mistral" => TinyModels.MistralConfig(),
        _ => TinyModels.Qwen2WideConfig(),
    };

    private static readonly long[][] Prompts = [[5, 17, 99, 3, 250, 41, 7, 8], [12, 13, 14], [200, 1, 2, 60, 61, 62]];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_fused_step_matches_the_libtorch_step(string name, int rows, int capacityAfterPrompt, int promptRepeats)
    {
        using var model = TinyModels.Load(Config(name), seed: 21);
        var lm = model.Module;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var prompts = Enumerable.Range(0, rows).Select(r => Enumerable.Repeat(Prompts[r % Prompts.Length], promptRepeats).SelectMany(t => t).ToArray()).ToArray();
        int length = prompts.Max(p => p.Length);
        var ids = zeros([rows, length], ScalarType.Int64);
        var mask = zeros([rows, length], ScalarType.Int64);
        for (int r = 0; r < rows; r++)
        {
            int pad = length - prompts[r].Length;
            ids[r].narrow(0, pad, prompts[r].Length).copy_(tensor(prompts[r]));
            mask[r].narrow(0, pad, prompts[r].Length).fill_(1);
        }
        const int steps = 10;
        long capacity = length + (capacityAfterPrompt > 0 ? capacityAfterPrompt : steps);
        using var reference = new KvCache(lm.Config, rows, capacity, lm.DType, CPU);
        using var fused = new KvCache(lm.Config, rows, capacity, lm.DType, CPU);

        // The prompt (several tokens) runs the libtorch path in both caches.
        var positions = AttentionMasks.PositionIds(mask);
        lm.FusedDecoding = FusedDecoding.Off;
        var prefill = lm.HiddenStates(ids, positions, mask, reference);
        lm.FusedDecoding = FusedDecoding.Always;
        Assert.Equal(prefill, lm.HiddenStates(ids, positions, mask, fused));
        var next = lm.Logits(prefill.narrow(1, length - 1, 1)).argmax(-1);
        var last = positions.narrow(1, length - 1, 1);

        for (int step = 0; step < steps; step++)
        {
            mask = cat([mask, ones([rows, 1], ScalarType.Int64)], 1);
            last = last + 1;
            lm.FusedDecoding = FusedDecoding.Always;
            Assert.True(lm.DecodesFused(next, fused));
            var fusedHidden = lm.HiddenStates(next, last, mask, fused);
            lm.FusedDecoding = FusedDecoding.Off;
            Assert.False(lm.DecodesFused(next, reference));
            var referenceHidden = lm.HiddenStates(next, last, mask, reference);

            Assert.Equal(referenceHidden.shape, fusedHidden.shape);
            AssertClose(referenceHidden, fusedHidden, $"{name} step {step} hidden");
            var referenceLogits = lm.Logits(referenceHidden);
            AssertClose(referenceLogits, lm.Logits(fusedHidden), $"{name} step {step} logits");
            var fusedNext = lm.Logits(fusedHidden).argmax(-1);
            next = referenceLogits.argmax(-1);
            Assert.Equal(next.data<long>().ToArray(), fusedNext.data<long>().ToArray());
        }

        // The cache the fused steps wrote (rotated keys, values) is the one the libtorch steps wrote.
        Assert.Equal(reference.Length, fused.Length);
        Assert.Equal(reference.Capacity, fused.Capacity);
        for (int layer = 0; layer < lm.Config.NumHiddenLayers; layer++)
        {
            AssertClose(reference.KeyBuffer(layer).narrow(2, 0, reference.Length), fused.KeyBuffer(layer).narrow(2, 0, fused.Length), $"layer {layer} keys");
            AssertClose(reference.ValueBuffer(layer).narrow(2, 0, reference.Length), fused.ValueBuffer(layer).narrow(2, 0, fused.Length), $"layer {layer} values");
        }
    }

    /// <summary>Max |a - b| within 1e-4 of the larger magnitude (plus a floor for values near zero).</summary>
    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        double scale = Math.Max(expected.abs().max().item<float>(), 1e-3);
        double worst = (expected - actual).abs().max().item<float>();
        Assert.True(worst <= 1e-4 * scale, $"{what}: max difference {worst} against magnitude {scale}");
    }

    [Fact]
    public void Auto_takes_kernel_sized_models_up_to_max_rows_and_small_models_within_their_budget()
    {
        using var wide = TinyModels.Load(TinyModels.Qwen2WideConfig(), seed: 22);
        using var small = TinyModels.Load(TinyModels.Qwen2TiedConfig(), seed: 22);
        using var scope = NewDisposeScope();
        using var cache = new KvCache(wide.Module.Config, 1, 16, ScalarType.Float32, CPU);
        using var smallCache = new KvCache(small.Module.Config, 1, 16, ScalarType.Float32, CPU);
        var one = zeros([1, 1], ScalarType.Int64);
        Assert.False(wide.Module.DecodesFused(one, cache)); // gradients on (training)
        Assert.False(small.Module.DecodesFused(one, smallCache));
        using var noGrad = no_grad();
        Assert.True(wide.Module.DecodesFused(one, cache));
        Assert.False(wide.Module.DecodesFused(zeros([1, 4], ScalarType.Int64), cache)); // a prefill
        Assert.False(wide.Module.DecodesFused(one, null)); // no cache
        Assert.False(wide.Module.DecodesFused(zeros([2, 1], ScalarType.Int64), cache)); // rows the cache does not hold
        Assert.True(small.Module.DecodesFused(one, smallCache)); // every weight in cache: the step is libtorch call overhead

        // Past MaxRows a kernel-sized model's step goes to libtorch's GEMM; a small one's stays here while rows times
        // one layer's weight elements fit the budget.
        long maxRows = MatrixVectorKernel.MaxRows;
        using var wideRows = new KvCache(wide.Module.Config, maxRows + 1, 16, ScalarType.Float32, CPU);
        Assert.False(wide.Module.DecodesFused(zeros([maxRows + 1, 1], ScalarType.Int64), wideRows));
        var c = small.Module.Config;
        long layerElements = ((c.NumAttentionHeads + (2L * c.NumKeyValueHeads)) * c.HeadDim * c.HiddenSize) + ((long)c.NumAttentionHeads * c.HeadDim * c.HiddenSize)
            + (3L * c.IntermediateSize * c.HiddenSize);
        long fit = FusedDecoder.SmallStepElements / layerElements;
        Assert.True(fit > maxRows, $"the test model's budget ({fit} rows) should exceed MaxRows");
        using (var fitting = new KvCache(c, fit, 16, ScalarType.Float32, CPU))
            Assert.True(small.Module.DecodesFused(zeros([fit, 1], ScalarType.Int64), fitting));
        using (var over = new KvCache(c, fit + 1, 16, ScalarType.Float32, CPU))
            Assert.False(small.Module.DecodesFused(zeros([fit + 1, 1], ScalarType.Int64), over));

        small.Module.FusedDecoding = FusedDecoding.Off;
        Assert.False(small.Module.DecodesFused(one, smallCache));
        wide.Module.FusedDecoding = FusedDecoding.Off;
        Assert.False(wide.Module.DecodesFused(one, cache));
    }

    [Fact]
    public void A_bfloat16_model_keeps_the_libtorch_path()
    {
        using var model = LanguageModel.Load(TinyModels.Write(TinyModels.Qwen2WideConfig(), seed: 23), new ModelLoadOptions(DType: ScalarType.BFloat16));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var cache = new KvCache(model.Module.Config, 1, 16, ScalarType.BFloat16, CPU);
        model.Module.FusedDecoding = FusedDecoding.Always;
        Assert.False(model.Module.DecodesFused(zeros([1, 1], ScalarType.Int64), cache));
    }

    [Fact]
    public void Greedy_generation_gives_the_same_tokens_and_log_probs_through_either_path()
    {
        using var model = TinyModels.Load(TinyModels.Qwen2WideConfig(), seed: 24);
        int[][] prompts = [[265, 117, 115, 101, 114, 10, 72, 105], [72, 101, 108], [7]];
        var options = new GenerationOptions { MaxNewTokens = 20, IgnoreEos = true, Sampling = SamplingOptions.Greedy };
        model.Module.FusedDecoding = FusedDecoding.Off;
        var reference = model.Generate(prompts, options);
        model.Module.FusedDecoding = FusedDecoding.Auto;
        var fused = model.Generate(prompts, options);
        for (int i = 0; i < prompts.Length; i++)
        {
            Assert.Equal(reference[i].TokenIds, fused[i].TokenIds);
            for (int t = 0; t < reference[i].LogProbs.Length; t++)
                Assert.Equal(reference[i].LogProbs[t], fused[i].LogProbs[t], 1e-4f);
        }
    }
}
