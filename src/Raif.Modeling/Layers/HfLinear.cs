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

    public Parameter Weight => _weight;

    public override Tensor forward(Tensor input) => Projection.Apply(input, _weight, _bias);
}

/// <summary>
/// y = x W^T + b. For the few rows of a decoding step, libtorch's CPU GEMM is much slower on x W^T (weight as the
/// transposed operand) than on W x^T, the tall-skinny product of the weight as stored: measured 2-3x faster at 8-32
/// rows for the 0.5B model's MLP and head (docs/benchmarks.md). Large inputs (prefill, training) keep F.linear,
/// and so does bfloat16/float16, where the same trick measured slower.
/// </summary>
internal static class Projection
{
    private const long SmallRows = 64;

    public static Tensor Apply(Tensor input, Tensor weight, Tensor? bias = null)
    {
        long rows = input.NumberOfElements / input.shape[^1];
        if (rows > SmallRows || rows == 1 || weight.dtype != ScalarType.Float32)
            return nn.functional.linear(input, weight, bias);
        var flat = input.reshape(rows, input.shape[^1]);
        var output = weight.mm(flat.t()).t();
        if (bias is not null)
            output = output + bias;
        return output.reshape([.. input.shape[..^1], weight.shape[0]]);
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

    public override Tensor forward(Tensor input)
    {
        var inputType = input.dtype;
        var x = input.to(ScalarType.Float32);
        var variance = x.pow(2).mean([-1L], keepdim: true);
        x = x * torch.rsqrt(variance + _eps);
        return _weight * x.to(inputType);
    }
}
