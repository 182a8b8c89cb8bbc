using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Layers;

/// <summary>
/// y = x W^T + b for a handful of float32 rows on the CPU, reading each weight row once and splitting the weight's
/// rows across libtorch's thread count. Written by hand because libtorch's matrix-vector products read the weights
/// at 5-6 GB/s on these machines when the weight is not already in cache (a decoding step streams every weight
/// once), against 15-19 GB/s for a plain sum: measured in docs/benchmarks.md. Each output is one dot product whose
/// order of additions depends only on its length, so a row gives the same bits alone or in a batch, on any thread.
/// Inference only: it is not differentiable, so it runs only while gradients are off.
/// </summary>
internal static class MatrixVectorKernel
{
    /// <summary>The most input rows handled here; more rows go to libtorch, whose GEMM then pays off.</summary>
    internal const long MaxRows = 8;

    /// <summary>
    /// Weights below this many elements (1 MiB of float32) stay with libtorch: they are usually in cache, where its
    /// kernel is fast, and the tiny training preset's weights are all below it, so its results do not move.
    /// </summary>
    internal const long MinimumElements = 1L << 18;

    /// <summary>The largest weight read here: TorchSharp exposes tensor memory as a Span, whose length is an int.</summary>
    internal const long MaximumElements = int.MaxValue / sizeof(float);

    public static bool Applies(Tensor input, Tensor weight, Tensor? bias, long rows) =>
        rows <= MaxRows
        && weight.dtype == ScalarType.Float32 && input.dtype == ScalarType.Float32
        && weight.NumberOfElements >= MinimumElements && weight.NumberOfElements <= MaximumElements
        && weight.device_type == DeviceType.CPU && input.device_type == DeviceType.CPU
        && !torch.is_grad_enabled()
        && weight.is_contiguous() && (bias is null || bias.is_contiguous());

    /// <summary>[rows, in] (any leading shape) x [out, in]^T + [out] → [..., out].</summary>
    public static Tensor Apply(Tensor input, Tensor weight, Tensor? bias)
    {
        long inputs = weight.shape[1], outputs = weight.shape[0];
        long rows = input.NumberOfElements / inputs;
        var x = input.reshape(rows, inputs).contiguous();
        var y = empty([rows, outputs], ScalarType.Float32, weight.device);
        Run(weight, x, bias, y, (int)rows, (int)inputs, outputs);
        return y.reshape([.. input.shape[..^1], outputs]);
    }

    private static unsafe void Run(Tensor weight, Tensor x, Tensor? bias, Tensor y, int rows, int inputs, long outputs)
    {
        fixed (byte* w = weight.bytes, xs = x.bytes, ys = y.bytes)
        fixed (byte* b = bias is null ? default : bias.bytes)
        {
            var job = new Job((float*)w, (float*)xs, (float*)b, (float*)ys, rows, inputs, outputs);
            int parts = (int)Math.Min(Math.Max(1, torch.get_num_threads()), Math.Max(1, outputs / 64));
            if (parts == 1)
                job.Rows(0, outputs);
            else
                Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p => job.Rows(outputs * p / parts, outputs * (p + 1) / parts));
        }
    }

    private readonly unsafe struct Job(float* weight, float* x, float* bias, float* y, int rows, int inputs, long outputs)
    {
        /// <summary>How many weight rows ahead to prefetch: measured 2x faster on a 768 x 512 weight, where the
        /// hardware prefetcher has too little of a row to lock on; no change on large ones.</summary>
        private const long PrefetchRows = 4;

        public void Rows(long from, long to)
        {
            for (long o = from; o < to; o++)
            {
                float* w = weight + (o * inputs);
                float* ahead = weight + (Math.Min(o + PrefetchRows, to - 1) * inputs);
                float b = bias is null ? 0f : bias[o];
                for (int r = 0; r < rows; r++)
                {
                    float dot = Dot(w, x + ((long)r * inputs), inputs, ahead);
                    y[(r * outputs) + o] = bias is null ? dot : dot + b;
                }
            }
        }
    }

    /// <summary>
    /// Four independent vector accumulators (to hide the FMA latency), summed in a fixed order. Prefetches the same
    /// span of <paramref name="ahead"/> (a later weight row) into cache as it goes; that never changes the result.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe float Dot(float* a, float* b, int length, float* ahead)
    {
        int width = Vector<float>.Count;
        var s0 = Vector<float>.Zero;
        var s1 = Vector<float>.Zero;
        var s2 = Vector<float>.Zero;
        var s3 = Vector<float>.Zero;
        int i = 0;
        for (; i <= length - (4 * width); i += 4 * width)
        {
            if (Sse.IsSupported)
            {
                for (int line = 0; line < 4 * width; line += FloatsPerCacheLine)
                    Sse.Prefetch0(ahead + i + line);
            }
            s0 = Vector.FusedMultiplyAdd(Vector.Load(a + i), Vector.Load(b + i), s0);
            s1 = Vector.FusedMultiplyAdd(Vector.Load(a + i + width), Vector.Load(b + i + width), s1);
            s2 = Vector.FusedMultiplyAdd(Vector.Load(a + i + (2 * width)), Vector.Load(b + i + (2 * width)), s2);
            s3 = Vector.FusedMultiplyAdd(Vector.Load(a + i + (3 * width)), Vector.Load(b + i + (3 * width)), s3);
        }
        for (; i <= length - width; i += width)
            s0 = Vector.FusedMultiplyAdd(Vector.Load(a + i), Vector.Load(b + i), s0);
        float sum = Vector.Sum((s0 + s1) + (s2 + s3));
        for (; i < length; i++)
            sum = MathF.FusedMultiplyAdd(a[i], b[i], sum);
        return sum;
    }

    private const int FloatsPerCacheLine = 16;
}
