using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Generation;

/// <summary>
/// Draws one token per row from probabilities [rows, vocab] by inverse transform: one uniform number u per row from
/// the generator, and the first token whose running sum of probabilities passes u times the row's total. libtorch's
/// <c>multinomial</c> draws an exponential variate for every vocabulary entry instead (one random number and one
/// log1p each, serially on the CPU): 0.25 ms of a 2 ms decoding step for 32 rows of a 259-token vocabulary, and
/// 110 ms (32 rows) to 650 ms (128 rows, a GRPO group of 16 x 8) per step for Qwen's 151,936 (docs/benchmarks.md).
/// Here the work is two passes of additions per row. The distribution is the same; the tokens drawn for a given
/// seed are not the ones <c>multinomial</c> drew. Written by hand because no served package draws from a
/// categorical distribution with a libtorch generator. Rows on other devices still go through <c>multinomial</c>.
/// </summary>
internal static class CategoricalSampler
{
    /// <summary>Token ids [rows] (int64, on the device of <paramref name="probabilities"/>), one per row of non-negative weights [rows, vocab].</summary>
    public static Tensor Draw(Tensor probabilities, Generator generator)
    {
        if (probabilities.shape.Length != 2)
            throw new ArgumentException($"expected probabilities [rows, vocab], got [{string.Join(", ", probabilities.shape)}]", nameof(probabilities));
        long rows = probabilities.shape[0], vocab = probabilities.shape[1];
        if (probabilities.device_type != DeviceType.CPU || rows * vocab > int.MaxValue / sizeof(float))
            return multinomial(probabilities, 1, generator: generator).squeeze(-1);
        using var scope = NewDisposeScope();
        var p = probabilities.to(ScalarType.Float32).contiguous();
        // Float64 uniforms: a float32 one has 24 bits, coarser than the smallest probabilities of a large vocabulary.
        var u = rand([rows], ScalarType.Float64, generator: generator);
        var chosen = new long[rows];
        ReadOnlySpan<float> all = MemoryMarshal.Cast<byte, float>(p.bytes);
        ReadOnlySpan<double> uniforms = MemoryMarshal.Cast<byte, double>(u.bytes);
        for (int r = 0; r < rows; r++)
        {
            int index = Pick(all.Slice(r * (int)vocab, (int)vocab), uniforms[r]);
            if (index < 0)
                throw new ArgumentException($"row {r} of the probabilities has no positive, finite weight (NaN, infinite or all zero)", nameof(probabilities));
            chosen[r] = index;
        }
        return tensor(chosen, device: probabilities.device).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The first index whose running sum passes <paramref name="u"/> times the total, or -1 when the weights do not
    /// form a distribution. The total and the running sum add the same numbers in the same order, so the running sum
    /// reaches the total exactly at the last positive weight: when u times the total rounds up to the total, that
    /// index is taken, and a zero weight is never chosen.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int Pick(ReadOnlySpan<float> weights, double u)
    {
        double total = 0;
        foreach (float w in weights)
        {
            if (!(w >= 0) || float.IsInfinity(w))
                return -1;
            total += w;
        }
        if (!(total > 0))
            return -1;
        double target = u * total, sum = 0;
        int last = -1;
        for (int j = 0; j < weights.Length; j++)
        {
            float w = weights[j];
            if (w == 0)
                continue;
            sum += w;
            last = j;
            if (sum > target)
                return j;
        }
        return last;
    }
}
