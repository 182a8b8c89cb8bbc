using System.Numerics;
using System.Runtime.CompilerServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Layers;

/// <summary>
/// y = x W^T + b for a handful of rows on the CPU, reading each weight row once and splitting the weight's rows
/// across libtorch's thread count. Written by hand because libtorch's matrix-vector products read the weights at
/// 5-6 GB/s on these machines when the weight is not already in cache (a decoding step streams every weight once),
/// a third of what a plain sum reads: measured in docs/benchmarks.md. Weights are float32 or bfloat16; a bfloat16
/// weight is widened to float32 as it is read (a 16-bit shift) and everything is summed in float32, which halves the
/// bytes a step reads without depending on native bf16 instructions. Each output is one dot product whose order of
/// additions depends only on its length, so a row gives the same bits alone or in a batch, on any thread.
/// Inference only: it is not differentiable, so it runs only while gradients are off.
/// </summary>
internal static class MatrixVectorKernel
{
    /// <summary>The most input rows handled here; more rows go to libtorch, whose GEMM then pays off.</summary>
    internal const long MaxRows = 8;

    /// <summary>
    /// A single product of a weight below this many elements stays with libtorch: the weight is usually in cache, where
    /// its kernel is fast. (A whole decoding step of a small model is another matter: <see cref="FusedDecoder"/> takes
    /// it, for the libtorch calls it saves.)
    /// </summary>
    internal const long MinimumElements = 1L << 18;

    /// <summary>The largest float32 weight read here: TorchSharp exposes tensor memory as a Span of bytes, whose length
    /// is an int (a bfloat16 weight may have twice as many elements).</summary>
    internal const long MaximumElements = int.MaxValue / sizeof(float);

    public static bool Applies(Tensor input, Tensor weight, Tensor? bias, long rows) =>
        rows <= MaxRows
        && weight.dtype is ScalarType.Float32 or ScalarType.BFloat16 && input.dtype == weight.dtype
        && (bias is null || bias.dtype == weight.dtype)
        && weight.NumberOfElements >= MinimumElements
        && weight.NumberOfElements * weight.ElementSize <= MaximumElements * sizeof(float)
        && weight.device_type == DeviceType.CPU && input.device_type == DeviceType.CPU
        && !torch.is_grad_enabled()
        && weight.is_contiguous() && (bias is null || bias.is_contiguous());

    /// <summary>[rows, in] (any leading shape) x [out, in]^T + [out] → [..., out], in the weight's dtype.</summary>
    public static Tensor Apply(Tensor input, Tensor weight, Tensor? bias)
    {
        long inputs = weight.shape[1], outputs = weight.shape[0];
        long rows = input.NumberOfElements / inputs;
        long[] shape = [.. input.shape[..^1], outputs];
        // Every tensor TorchSharp creates costs a few microseconds, and a decoding step makes three of these products
        // per layer: a contiguous float32 input is read in place and the output is created in its final shape.
        // A bfloat16 step converts its few input rows (a few KB) to float32, which the kernel reads, not the weight.
        var x = input.dtype == ScalarType.Float32 && input.is_contiguous() ? input : input.to(ScalarType.Float32).contiguous();
        var y = empty(shape, ScalarType.Float32, weight.device);
        Run(weight, x, bias, y, (int)rows, (int)inputs, outputs);
        return weight.dtype == ScalarType.Float32 ? y : y.to(weight.dtype);
    }

    private static unsafe void Run(Tensor weight, Tensor x, Tensor? bias, Tensor y, int rows, int inputs, long outputs)
    {
        fixed (byte* w = weight.bytes, xs = x.bytes, ys = y.bytes)
        fixed (byte* b = bias is null ? default : bias.bytes)
            Multiply(w, weight.dtype == ScalarType.BFloat16, b, (float*)xs, (float*)ys, rows, inputs, outputs);
    }

    /// <summary>
    /// y[rows, outputs] = x[rows, inputs] W^T + b over raw memory (W float32, or bfloat16 when <paramref name="bfloat16"/>;
    /// <paramref name="bias"/> null or in W's dtype), for callers that hold the pointers already (<see cref="FusedDecoder"/>).
    /// </summary>
    internal static unsafe void Multiply(byte* weight, bool bfloat16, byte* bias, float* x, float* y, int rows, int inputs, long outputs)
    {
        var job = new Job(weight, bfloat16, x, bias, y, rows, inputs, outputs);
        int threads = (int)Math.Min(Math.Max(1, torch.get_num_threads()), Math.Max(1, outputs / 64));
        if (threads == 1)
        {
            job.Rows(0, outputs);
            return;
        }
        // A few parts per thread, claimed as threads get to them, so a thread that starts late takes fewer.
        int parts = (int)Math.Min(threads * PartsPerThread, Math.Max(1, outputs / 64));
        KernelWorkers.Run(job, parts, threads);
    }

    private const int PartsPerThread = 4;

    /// <summary>
    /// One thread's block of output rows. No software prefetch: the rows are read front to back, which the hardware
    /// prefetcher follows, and prefetching whole rows ahead measured 1.2-2x slower on the 0.5B model's weights
    /// (docs/benchmarks.md, 2026-12-04), since rows of 4864 floats prefetched four ahead no longer fit in L1.
    /// </summary>
    private sealed unsafe class Job(byte* weight, bool bfloat16, float* x, byte* bias, float* y, int rows, int inputs, long outputs) : IPartedWork
    {
        public void Run(int part, int parts) => Rows(outputs * part / parts, outputs * (part + 1) / parts);

        // Optimised from the first call rather than as tier-0 code, which would slow a process's first decoding steps.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Rows(long from, long to)
        {
            for (long o = from; o < to; o++)
            {
                float b = bias is null ? 0f : bfloat16 ? Widen(((ushort*)bias)[o]) : ((float*)bias)[o];
                for (int r = 0; r < rows; r++)
                {
                    float* xr = x + ((long)r * inputs);
                    float dot = bfloat16 ? Dot((ushort*)weight + (o * inputs), xr, inputs) : Dot((float*)weight + (o * inputs), xr, inputs);
                    y[(r * outputs) + o] = bias is null ? dot : dot + b;
                }
            }
        }
    }

    /// <summary>Four independent vector accumulators (to hide the FMA latency), summed in a fixed order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe float Dot(float* a, float* b, int length)
    {
        int width = Vector<float>.Count;
        var s0 = Vector<float>.Zero;
        var s1 = Vector<float>.Zero;
        var s2 = Vector<float>.Zero;
        var s3 = Vector<float>.Zero;
        int i = 0;
        for (; i <= length - (4 * width); i += 4 * width)
        {
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

    /// <summary>
    /// The same dot product over a bfloat16 row: each vector of bf16 values widens to two float vectors (bf16 is the
    /// top half of a float32, so widening is a shift left by 16), fed to the same four accumulators in the same order
    /// as <see cref="Dot(float*, float*, int)"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe float Dot(ushort* a, float* b, int length)
    {
        int width = Vector<float>.Count;
        var s0 = Vector<float>.Zero;
        var s1 = Vector<float>.Zero;
        var s2 = Vector<float>.Zero;
        var s3 = Vector<float>.Zero;
        int i = 0;
        for (; i <= length - (4 * width); i += 4 * width)
        {
            var (w0, w1) = Widen(Vector.Load(a + i));
            var (w2, w3) = Widen(Vector.Load(a + i + (2 * width)));
            s0 = Vector.FusedMultiplyAdd(w0, Vector.Load(b + i), s0);
            s1 = Vector.FusedMultiplyAdd(w1, Vector.Load(b + i + width), s1);
            s2 = Vector.FusedMultiplyAdd(w2, Vector.Load(b + i + (2 * width)), s2);
            s3 = Vector.FusedMultiplyAdd(w3, Vector.Load(b + i + (3 * width)), s3);
        }
        float sum = Vector.Sum((s0 + s1) + (s2 + s3));
        for (; i < length; i++)
            sum = MathF.FusedMultiplyAdd(Widen(a[i]), b[i], sum);
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector<float> Low, Vector<float> High) Widen(Vector<ushort> bf16)
    {
        Vector.Widen(bf16, out var low, out var high);
        return (Vector.AsVectorSingle(Vector.ShiftLeft(low, 16)), Vector.AsVectorSingle(Vector.ShiftLeft(high, 16)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Widen(ushort bf16) => BitConverter.Int32BitsToSingle(bf16 << 16);
}
