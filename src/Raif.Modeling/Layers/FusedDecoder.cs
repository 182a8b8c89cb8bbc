using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Layers;

/// <summary>When <see cref="CausalLM"/> runs a decoding step through <see cref="FusedDecoder"/>.</summary>
internal enum FusedDecoding
{
    /// <summary>
    /// Models whose weights stream from memory (every weight large enough for <see cref="MatrixVectorKernel"/>) at up to
    /// its MaxRows rows, and small models (every weight in cache) within <see cref="FusedDecoder.SmallStepElements"/>.
    /// </summary>
    Auto,

    /// <summary>Never: every step runs the libtorch path.</summary>
    Off,

    /// <summary>As Auto, and also up to MaxRows rows of models between the two sizes (tests run every model through it).</summary>
    Always,
}

/// <summary>
/// A float32 CPU decoding step (one new token per row, gradients off; which models and how many rows: <see cref="Applies"/>)
/// written in C# over the tensors' memory: embedding gather, RMSNorm, the fused q/k/v product, rotary embedding and
/// the key/value cache write, single-query attention over the cache, the output product and residual add, the
/// post-attention norm, the fused gate/up product, SiLU times up, the down product and its residual add, and the final
/// norm. The libtorch path makes ~50 small native calls per layer at a few microseconds each (10-15 ms of a ~75 ms
/// 0.5B step, docs/benchmarks.md); here a step makes a handful, and the weight products are the same
/// <see cref="MatrixVectorKernel"/> dot products (same bits). Norms, rotary, softmax and SiLU are computed in float32
/// in a different order of additions than libtorch's, so hidden states agree to float32 rounding, not bit for bit.
/// The loops are compiled optimised from their first call (AggressiveOptimization), not as tier-0 code first.
/// </summary>
internal sealed class FusedDecoder
{
    private readonly HfEmbedding _embedding;
    private readonly DecoderLayer[] _layers;
    private readonly RmsNorm _norm;
    private readonly float[] _inverseFrequencies;
    private readonly int _hidden, _heads, _kvHeads, _headDim;
    private readonly long _intermediate;
    private readonly bool _weightsStream;
    private readonly bool _weightsSmall;
    private readonly long _layerElements;

    /// <summary>Per-thread scratch for the activations of a step, grown as needed (a step runs on one thread at a time).</summary>
    [ThreadStatic]
    private static float[]? _scratch;

    public FusedDecoder(HfEmbedding embedding, IEnumerable<DecoderLayer> layers, RmsNorm norm, float[] inverseFrequencies)
    {
        _embedding = embedding;
        _layers = [.. layers];
        _norm = norm;
        _inverseFrequencies = inverseFrequencies;
        _hidden = (int)embedding.Weight.shape[1];
        var attention = _layers[0].Attention;
        (_heads, _kvHeads, _headDim) = (attention.Heads, attention.KvHeads, attention.HeadDim);
        _intermediate = _layers[0].Mlp.Intermediate;
        var weights = _layers.Select(l => new[] { l.Attention.Qkv.Weight, l.Attention.Output.Weight, l.Mlp.GateUp.Weight, l.Mlp.Down.Weight }).ToList();
        // The kernel's size rule: models whose weights stream from memory at every step.
        _weightsStream = weights.All(w => w.All(t => t.NumberOfElements >= MatrixVectorKernel.MinimumElements && t.NumberOfElements <= MatrixVectorKernel.MaximumElements));
        _weightsSmall = weights.All(w => w.All(t => t.NumberOfElements < MatrixVectorKernel.MinimumElements));
        _layerElements = weights.Max(w => w.Sum(t => t.NumberOfElements));
    }

    /// <summary>
    /// Most multiply-adds of one layer's products (rows times weight elements) for which a step of a small model (every
    /// weight in cache) runs here at any number of rows. Such a step is mostly libtorch call overhead (~100 calls of a
    /// few microseconds). On the serve bench's 90k-parameter model (37k weight elements a layer), `raif bench batch
    /// --workload lockstep --rows N` (docs/benchmarks.md, 2026-12-04): 32 rows 0.74-0.76 ms here against 1.29-1.37 ms,
    /// 64 rows (2.4M) 1.40-1.46 against 1.80-1.97; at 112 rows (4.1M) a scratch measurement found the two level, and
    /// past that libtorch's GEMM wins, so the budget stays below the crossover.
    /// </summary>
    internal const long SmallStepElements = 3L << 20;

    public bool Applies(FusedDecoding mode, Tensor ids, KvCache? cache) =>
        mode != FusedDecoding.Off
        && cache is not null
        && !torch.is_grad_enabled()
        && _embedding.Weight.dtype == ScalarType.Float32 && _embedding.Weight.device_type == DeviceType.CPU
        && ids.device_type == DeviceType.CPU
        && ids.shape.Length == 2 && ids.shape[1] == 1 && ids.shape[0] == cache.Rows
        && RowsFit(mode, ids.shape[0]);

    /// <summary>
    /// Kernel-sized models: up to <see cref="MatrixVectorKernel.MaxRows"/> rows (more make libtorch's GEMM pay off).
    /// Small models: while the step's arithmetic stays within <see cref="SmallStepElements"/> per layer. Models in
    /// between stay with libtorch. <see cref="FusedDecoding.Always"/> also takes up to MaxRows rows of any model.
    /// </summary>
    private bool RowsFit(FusedDecoding mode, long rows) =>
        (_weightsStream && rows <= MatrixVectorKernel.MaxRows)
        || (_weightsSmall && rows * _layerElements <= SmallStepElements)
        || (mode == FusedDecoding.Always && rows <= MatrixVectorKernel.MaxRows);

    /// <summary>
    /// Final hidden states [B, 1, H] of one step, as <see cref="CausalLM.HiddenStates"/> returns them; the cache must have
    /// room for the new column (reserved by the caller), and is advanced by the caller too. Null when a tensor is laid
    /// out in a way this path does not read (non-contiguous weights or cache), so the caller runs the libtorch path.
    /// </summary>
    public unsafe Tensor? TryStep(Tensor ids, Tensor positions, Tensor keyMask, KvCache cache)
    {
        var pointers = new LayerPointers[_layers.Length];
        for (int i = 0; i < _layers.Length; i++)
        {
            if (LayerPointers.Read(_layers[i], cache, i) is not { } p)
                return null;
            pointers[i] = p;
        }
        if (!_norm.Weight.is_contiguous() || !_embedding.Weight.is_contiguous())
            return null;

        int rows = (int)ids.shape[0];
        long[] tokenIds = Longs(ids);
        long[] tokenPositions = Longs(positions);
        long[] mask = Longs(keyMask);
        int keys = (int)(cache.Length - cache.Start + 1);
        if (mask.Length != (long)rows * keys || tokenPositions.Length != rows)
            return null;

        int qkvWidth = (_heads + (2 * _kvHeads)) * _headDim, attentionWidth = _heads * _headDim, intermediate = (int)_intermediate;
        int hiddenSize = rows * _hidden;
        var output = empty([rows, 1, _hidden], ScalarType.Float32);
        // h (residual stream), x (normed input), projection output, qkv, attention output, gate/up, activation, scores
        // (one row of keys per row and key/value head), cos, sin.
        int scoreCount = rows * _kvHeads * keys;
        int total = (3 * hiddenSize) + (rows * qkvWidth) + (rows * attentionWidth) + (rows * 3 * intermediate) + scoreCount + (2 * rows * _headDim);
        if (_scratch is null || _scratch.Length < total)
            _scratch = GC.AllocateUninitializedArray<float>(total, pinned: true);
        fixed (float* scratch = _scratch)
        {
            float* h = scratch, x = h + hiddenSize, projected = x + hiddenSize, qkv = projected + hiddenSize;
            float* attended = qkv + (rows * qkvWidth), gateUp = attended + (rows * attentionWidth), activation = gateUp + (rows * 2 * intermediate);
            float* scores = activation + (rows * intermediate), cos = scores + scoreCount, sin = cos + (rows * _headDim);

            float* table = (float*)Pointer(_embedding.Weight);
            long vocab = _embedding.Weight.shape[0];
            for (int r = 0; r < rows; r++)
            {
                if ((ulong)tokenIds[r] >= (ulong)vocab)
                    throw new ArgumentOutOfRangeException(nameof(ids), $"token id {tokenIds[r]} is outside the vocabulary of {vocab}");
                new ReadOnlySpan<float>(table + (tokenIds[r] * _hidden), _hidden).CopyTo(new Span<float>(h + (r * _hidden), _hidden));
                RotaryTable(tokenPositions[r], cos + (r * _headDim), sin + (r * _headDim));
            }

            var shape = new AttentionShape(rows, _heads, _kvHeads, _headDim, cache.Capacity, cache.Start, cache.Length, keys);
            for (int layer = 0; layer < _layers.Length; layer++)
            {
                ref readonly var p = ref pointers[layer];
                RmsNorm(h, p.InputNorm, p.InputNormEps, x, rows, _hidden);
                MatrixVectorKernel.Multiply(p.Qkv, false, p.QkvBias, x, qkv, rows, _hidden, qkvWidth);
                for (int r = 0; r < rows; r++)
                {
                    float* row = qkv + ((long)r * qkvWidth);
                    for (int head = 0; head < _heads + _kvHeads; head++)
                        Rotate(row + (head * _headDim), cos + (r * _headDim), sin + (r * _headDim), _headDim);
                }
                WriteCache(qkv, p.Keys, p.Values, shape, qkvWidth);
                new Attention(qkv, p.Keys, p.Values, mask, _layers[layer].Window, shape, qkvWidth, scores, attended).Run();
                MatrixVectorKernel.Multiply(p.Output, false, p.OutputBias, attended, projected, rows, attentionWidth, _hidden);
                Add(h, projected, hiddenSize);
                RmsNorm(h, p.PostNorm, p.PostNormEps, x, rows, _hidden);
                MatrixVectorKernel.Multiply(p.GateUp, false, p.GateUpBias, x, gateUp, rows, _hidden, 2L * intermediate);
                for (int r = 0; r < rows; r++)
                    SiluTimes(gateUp + ((long)r * 2 * intermediate), activation + ((long)r * intermediate), intermediate);
                MatrixVectorKernel.Multiply(p.Down, false, p.DownBias, activation, projected, rows, intermediate, _hidden);
                Add(h, projected, hiddenSize);
            }
            RmsNorm(h, (float*)Pointer(_norm.Weight), (float)_norm.Eps, (float*)Pointer(output), rows, _hidden);
        }
        return output;
    }

    /// <summary>The raw memory of every tensor one layer's step reads or writes.</summary>
    private readonly unsafe struct LayerPointers
    {
        public float* InputNorm { get; init; }
        public float InputNormEps { get; init; }
        public float* PostNorm { get; init; }
        public float PostNormEps { get; init; }
        public byte* Qkv { get; init; }
        public byte* QkvBias { get; init; }
        public byte* Output { get; init; }
        public byte* OutputBias { get; init; }
        public byte* GateUp { get; init; }
        public byte* GateUpBias { get; init; }
        public byte* Down { get; init; }
        public byte* DownBias { get; init; }
        public float* Keys { get; init; }
        public float* Values { get; init; }

        public static LayerPointers? Read(DecoderLayer layer, KvCache cache, int index)
        {
            var a = layer.Attention;
            var m = layer.Mlp;
            Tensor?[] all = [layer.InputNorm.Weight, layer.PostAttentionNorm.Weight, a.Qkv.Weight, a.Qkv.Bias, a.Output.Weight, a.Output.Bias,
                m.GateUp.Weight, m.GateUp.Bias, m.Down.Weight, m.Down.Bias, cache.KeyBuffer(index), cache.ValueBuffer(index)];
            if (all.Any(t => t is not null && (t.dtype != ScalarType.Float32 || !t.is_contiguous())))
                return null;
            return new LayerPointers
            {
                InputNorm = (float*)Pointer(layer.InputNorm.Weight),
                InputNormEps = (float)layer.InputNorm.Eps,
                PostNorm = (float*)Pointer(layer.PostAttentionNorm.Weight),
                PostNormEps = (float)layer.PostAttentionNorm.Eps,
                Qkv = Pointer(a.Qkv.Weight),
                QkvBias = Pointer(a.Qkv.Bias),
                Output = Pointer(a.Output.Weight),
                OutputBias = Pointer(a.Output.Bias),
                GateUp = Pointer(m.GateUp.Weight),
                GateUpBias = Pointer(m.GateUp.Bias),
                Down = Pointer(m.Down.Weight),
                DownBias = Pointer(m.Down.Bias),
                Keys = (float*)Pointer(cache.KeyBuffer(index)),
                Values = (float*)Pointer(cache.ValueBuffer(index)),
            };
        }
    }

    /// <summary>Where a step's rows sit in the cache: the new column is <see cref="Column"/>, attention reads [Start, Column].</summary>
    private readonly record struct AttentionShape(int Rows, int Heads, int KvHeads, int HeadDim, long Capacity, long Start, long Column, int Keys);

    /// <summary>The start of a CPU tensor's memory; it is native, so the pointer stays valid while the tensor lives.</summary>
    private static unsafe byte* Pointer(Tensor? tensor)
    {
        if (tensor is null)
            return null;
        return (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(tensor.bytes));
    }

    private static long[] Longs(Tensor t)
    {
        if (t.device_type != DeviceType.CPU || t.dtype != ScalarType.Int64 || !t.is_contiguous())
        {
            using var converted = t.to(ScalarType.Int64, CPU).contiguous();
            return MemoryMarshal.Cast<byte, long>(converted.bytes).ToArray();
        }
        return MemoryMarshal.Cast<byte, long>(t.bytes).ToArray();
    }

    /// <summary>
    /// cos and signed sin of one position as <see cref="RotaryEmbedding.Compute"/> lays them out: [cos, cos] and
    /// [-sin, sin], the angle a float32 product of position and inverse frequency.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void RotaryTable(long position, float* cos, float* sin)
    {
        int half = _headDim / 2;
        for (int i = 0; i < half; i++)
        {
            float angle = (float)position * _inverseFrequencies[i];
            float c = MathF.Cos(angle), s = MathF.Sin(angle);
            cos[i] = cos[i + half] = c;
            sin[i] = -s;
            sin[i + half] = s;
        }
    }

    /// <summary><see cref="RotaryEmbedding.Apply"/> on one head in place: x * cos + roll(x, half) * signed sin.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Rotate(float* x, float* cos, float* sin, int headDim)
    {
        int half = headDim / 2;
        for (int i = 0; i < half; i++)
        {
            float first = x[i], second = x[i + half];
            // Two products then a sum, as libtorch's elementwise ops compute them (.NET does not contract to FMA).
            x[i] = (first * cos[i]) + (second * sin[i]);
            x[i + half] = (second * cos[i + half]) + (first * sin[i + half]);
        }
    }

    /// <summary>HF's RMSNorm per row: weight * (x * rsqrt(mean(x^2) + eps)), all in float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RmsNorm(float* input, float* weight, float eps, float* output, int rows, int width)
    {
        for (int r = 0; r < rows; r++)
        {
            float* x = input + ((long)r * width);
            float* y = output + ((long)r * width);
            float squares = MatrixVectorKernel.Dot(x, x, width);
            float scale = 1f / MathF.Sqrt((squares / width) + eps);
            for (int i = 0; i < width; i++)
                y[i] = weight[i] * (x[i] * scale);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Add(float* sum, float* addend, int length)
    {
        int width = Vector<float>.Count, i = 0;
        for (; i <= length - width; i += width)
            (Vector.Load(sum + i) + Vector.Load(addend + i)).Store(sum + i);
        for (; i < length; i++)
            sum[i] += addend[i];
    }

    /// <summary>silu(gate) * up for one row of the fused gate/up output [gate..., up...].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SiluTimes(float* gateUp, float* output, int intermediate)
    {
        float* up = gateUp + intermediate;
        for (int i = 0; i < intermediate; i++)
        {
            float g = gateUp[i];
            output[i] = g / (1f + MathF.Exp(-g)) * up[i];
        }
    }

    /// <summary>Copies every row's rotated keys and its values into the cache's new column.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void WriteCache(float* qkv, float* keys, float* values, in AttentionShape s, int qkvWidth)
    {
        for (int r = 0; r < s.Rows; r++)
        {
            float* k = qkv + ((long)r * qkvWidth) + (s.Heads * s.HeadDim);
            float* v = k + (s.KvHeads * s.HeadDim);
            for (int g = 0; g < s.KvHeads; g++)
            {
                long at = ((((long)r * s.KvHeads) + g) * s.Capacity + s.Column) * s.HeadDim;
                new ReadOnlySpan<float>(k + (g * s.HeadDim), s.HeadDim).CopyTo(new Span<float>(keys + at, s.HeadDim));
                new ReadOnlySpan<float>(v + (g * s.HeadDim), s.HeadDim).CopyTo(new Span<float>(values + at, s.HeadDim));
            }
        }
    }

    /// <summary>
    /// Each row's query heads against the cached keys [Start, Column] of their key/value head: scaled dot products,
    /// masked as <see cref="AttentionMasks.Causal"/> masks the last query (key mask, window, itself always), softmax,
    /// and the weighted sum of values, written as [row, head * head_dim]. One part per (row, key/value head), each with
    /// its own scores, spread over the kernel's threads once the cache is long enough for that to pay.
    /// </summary>
    private sealed unsafe class Attention(float* qkv, float* keys, float* values, long[] mask, int? window, AttentionShape s, int qkvWidth, float* scores, float* output)
        : IPartedWork
    {
        /// <summary>Score-times-head_dim products below which one thread does it all (a handoff costs microseconds).</summary>
        private const long ParallelWork = 1L << 16;

        public void Run()
        {
            int parts = s.Rows * s.KvHeads;
            int threads = (long)s.Rows * s.Heads * s.Keys * s.HeadDim < ParallelWork ? 1 : Math.Max(1, torch.get_num_threads());
            KernelWorkers.Run(this, parts, threads);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int part, int parts)
        {
            int r = part / s.KvHeads, g = part % s.KvHeads;
            int groups = s.Heads / s.KvHeads, last = s.Keys - 1;
            float scale = 1f / MathF.Sqrt(s.HeadDim);
            float* partScores = scores + ((long)part * s.Keys);
            long origin = ((((long)r * s.KvHeads) + g) * s.Capacity + s.Start) * s.HeadDim;
            float* k = keys + origin, v = values + origin;
            // Keys before the row's first attended one (left padding, a continuous batch's columns before the row's
            // own, or past the window) would each cost a dot product and an exp of -inf for a weight of exactly 0, so
            // the loops start after them: the sums and outputs are the same bits. Later masked keys (holes in the key
            // mask) are still checked; the window hides none after the first.
            var rowMask = mask.AsSpan(r * s.Keys, s.Keys);
            int first = 0;
            while (first < last && rowMask[first] == 0)
                first++;
            if (window is { } span)
                first = Math.Max(first, last - span + 1);
            for (int head = g * groups; head < (g + 1) * groups; head++)
            {
                float* q = qkv + ((long)r * qkvWidth) + (head * s.HeadDim);
                float max = float.NegativeInfinity;
                for (int j = first; j < s.Keys; j++)
                {
                    bool allowed = j == last || rowMask[j] != 0;
                    float score = allowed ? MatrixVectorKernel.Dot(q, k + ((long)j * s.HeadDim), s.HeadDim) * scale : float.NegativeInfinity;
                    partScores[j] = score;
                    max = MathF.Max(max, score);
                }
                float sum = 0f;
                for (int j = first; j < s.Keys; j++)
                {
                    float e = MathF.Exp(partScores[j] - max);
                    partScores[j] = e;
                    sum += e;
                }
                float* o = output + ((long)r * s.Heads * s.HeadDim) + (head * s.HeadDim);
                new Span<float>(o, s.HeadDim).Clear();
                for (int j = first; j < s.Keys; j++)
                {
                    if (partScores[j] != 0f)
                        Axpy(partScores[j], v + ((long)j * s.HeadDim), o, s.HeadDim);
                }
                float inverse = 1f / sum;
                for (int d = 0; d < s.HeadDim; d++)
                    o[d] *= inverse;
            }
        }
    }

    /// <summary>y += a * x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Axpy(float a, float* x, float* y, int length)
    {
        int width = Vector<float>.Count, i = 0;
        var scale = new Vector<float>(a);
        for (; i <= length - width; i += width)
            Vector.FusedMultiplyAdd(scale, Vector.Load(x + i), Vector.Load(y + i)).Store(y + i);
        for (; i < length; i++)
            y[i] = MathF.FusedMultiplyAdd(a, x[i], y[i]);
    }
}
