using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Raif.Modeling.Layers;

/// <summary>
/// A linear layer with HF's parameter names (<c>weight</c> [out, in], optional <c>bias</c>). Parameters are created
/// uninitialised: checkpoints overwrite them and <see cref="ModelInitializer"/> sets HF's init, so TorchSharp's own
/// Kaiming init (a full random pass over billions of weights) would be wasted work.
/// </summary>
internal sealed class HfLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _weight;
    private readonly Parameter? _bias;

    public HfLinear(long inFeatures, long outFeatures, bool bias, ScalarType dtype, Device device)
        : base(nameof(HfLinear))
    {
        _weight = new Parameter(empty([outFeatures, inFeatures], dtype, device));
        register_parameter("weight", _weight);
        if (bias)
        {
            _bias = new Parameter(empty([outFeatures], dtype, device));
            register_parameter("bias", _bias);
        }
    }

    /// <summary>A linear layer over given tensors: row blocks of a larger one (see <see cref="FusedProjection"/>).</summary>
    public HfLinear(Tensor weight, Tensor? bias)
        : base(nameof(HfLinear))
    {
        _weight = new Parameter(weight);
        register_parameter("weight", _weight);
        if (bias is not null)
        {
            _bias = new Parameter(bias);
            register_parameter("bias", _bias);
        }
    }

    public Parameter Weight => _weight;

    public Parameter? Bias => _bias;

    public override Tensor forward(Tensor input) => Projection.Apply(input, _weight, _bias);
}

/// <summary>
/// y = x W^T + b. For the few rows of a decoding step, libtorch's CPU GEMM is much slower on x W^T (weight as the
/// transposed operand) than on W x^T, the tall-skinny product of the weight as stored: measured 2-3x faster at 8-32
/// rows for the 0.5B model's MLP and head (docs/benchmarks.md). A large weight is further split by output rows into
/// one part per libtorch thread and multiplied as a batched product, because the matrix-vector kernel alone reached
/// only half the machine's read bandwidth with 2 threads (the 0.5B head at one row: 52 ms as one product, 34 ms split);
/// for 2-64 rows the split result was bit-identical to W x^T. Large inputs (prefill, training) keep F.linear, and so
/// does bfloat16/float16, where the tall-skinny trick measured slower. Up to 8 rows of inference on a weight of at
/// least 2^18 elements (float32 or bfloat16) go to <see cref="MatrixVectorKernel"/>, which reads weights faster than any of these paths.
/// </summary>
internal static class Projection
{
    private const long SmallRows = 64;

    /// <summary>Weights below this many elements are not split: the parts would be too small to pay for a thread.</summary>
    internal const long SplitMinimumElements = 1L << 20;

    public static Tensor Apply(Tensor input, Tensor weight, Tensor? bias = null)
    {
        long rows = input.NumberOfElements / input.shape[^1];
        if (MatrixVectorKernel.Applies(input, weight, bias, rows))
            return MatrixVectorKernel.Apply(input, weight, bias);
        if (rows > SmallRows || weight.dtype != ScalarType.Float32)
            return nn.functional.linear(input, weight, bias);
        int parts = SplitParts(weight);
        if (rows == 1 && parts == 1)
            return nn.functional.linear(input, weight, bias);
        var flat = input.reshape(rows, input.shape[^1]);
        var output = parts == 1 ? weight.mm(flat.t()).t() : SplitProduct(weight, flat, parts);
        if (bias is not null)
            output = output + bias;
        return output.reshape([.. input.shape[..^1], weight.shape[0]]);
    }

    /// <summary>How many row blocks to multiply <paramref name="weight"/> in: one per libtorch thread for a large
    /// weight whose output size they divide, otherwise 1 (no split).</summary>
    internal static int SplitParts(Tensor weight)
    {
        if (weight.NumberOfElements < SplitMinimumElements)
            return 1;
        int threads = torch.get_num_threads();
        return threads > 1 && weight.shape[0] % threads == 0 ? threads : 1;
    }

    /// <summary>[rows, in] x [out, in]^T as <paramref name="parts"/> blocks of output rows in one batched product.</summary>
    internal static Tensor SplitProduct(Tensor weight, Tensor flat, int parts)
    {
        long outputs = weight.shape[0], inputs = weight.shape[1], rows = flat.shape[0];
        var blocks = weight.view(parts, outputs / parts, inputs);
        var columns = flat.t().unsqueeze(0).expand(parts, inputs, rows);
        return blocks.bmm(columns).permute(2, 0, 1).reshape(rows, outputs);
    }
}

/// <summary>A token embedding table with HF's parameter name (<c>weight</c> [vocab, hidden]).</summary>
internal sealed class HfEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _weight;

    public HfEmbedding(long vocab, long hidden, ScalarType dtype, Device device)
        : base(nameof(HfEmbedding))
    {
        _weight = new Parameter(empty([vocab, hidden], dtype, device));
        register_parameter("weight", _weight);
    }

    public Parameter Weight => _weight;

    public override Tensor forward(Tensor ids)
    {
        var flat = _weight.index_select(0, ids.reshape(-1));
        return flat.view([.. ids.shape, _weight.shape[1]]);
    }
}

/// <summary>
/// RMSNorm as HF computes it: normalise in float32, cast back to the input dtype, then scale by the weight.
/// TorchSharp has no RMSNorm module.
/// </summary>
internal sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _weight;
    private readonly double _eps;

    public RmsNorm(long hidden, double eps, ScalarType dtype, Device device)
        : base(nameof(RmsNorm))
    {
        _eps = eps;
        _weight = new Parameter(ones([hidden], dtype, device));
        register_parameter("weight", _weight);
    }

    internal Parameter Weight => _weight;

    internal double Eps => _eps;

    public override Tensor forward(Tensor input)
    {
        // float32 input skips the two casts: each is a native call, and a decoding step makes dozens of norms.
        var inputType = input.dtype;
        var x = inputType == ScalarType.Float32 ? input : input.to(ScalarType.Float32);
        var variance = x.pow(2).mean([-1L], keepdim: true);
        x = x * torch.rsqrt(variance + _eps);
        return _weight * (inputType == ScalarType.Float32 ? x : x.to(inputType));
    }
}
