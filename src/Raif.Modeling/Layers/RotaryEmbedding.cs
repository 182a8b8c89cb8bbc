using Raif.Modeling.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Raif.Modeling.Layers;

/// <summary>
/// Rotary position embedding in HF's rotate-half layout. Inverse frequencies are computed in float32 the way
/// transformers computes them (including <c>llama3</c> and <c>linear</c> scaling), cos/sin in float32 and then
/// cast to the compute dtype.
/// </summary>
internal sealed class RotaryEmbedding : IDisposable
{
    private readonly Tensor _invFreq;

    public RotaryEmbedding(ModelConfig config, Device device)
    {
        using var scope = NewDisposeScope();
        int dim = config.HeadDim;
        var exponent = arange(0, dim, 2, ScalarType.Int64).to(ScalarType.Float32) / (float)dim;
        var invFreq = 1.0f / torch.pow(torch.tensor((float)config.RopeTheta), exponent);
        invFreq = config.RopeScaling switch
        {
            { Type: "linear" } s => invFreq / (float)s.Factor,
            { Type: "llama3" } s => Llama3(invFreq, s),
            _ => invFreq,
        };
        _invFreq = invFreq.to(device).MoveToOuterDisposeScope();
    }

    /// <summary>transformers' <c>_compute_llama3_parameters</c>: long wavelengths divided by the factor, a smooth blend in between.</summary>
    private static Tensor Llama3(Tensor invFreq, RopeScaling s)
    {
        double lowFreqWavelen = s.OriginalMaxPositionEmbeddings / s.LowFreqFactor;
        double highFreqWavelen = s.OriginalMaxPositionEmbeddings / s.HighFreqFactor;
        var wavelen = 2 * Math.PI / invFreq;
        var scaled = torch.where(wavelen > lowFreqWavelen, invFreq / s.Factor, invFreq);
        var smooth = (s.OriginalMaxPositionEmbeddings / wavelen - s.LowFreqFactor) / (s.HighFreqFactor - s.LowFreqFactor);
        var smoothed = (1 - smooth) * scaled / s.Factor + smooth * scaled;
        var isMedium = (wavelen >= highFreqWavelen).logical_and(wavelen <= lowFreqWavelen);
        return torch.where(isMedium, smoothed, scaled);
    }

    /// <summary>
    /// cos and sin for positions [B, T], shaped [B, 1, T, head_dim] for broadcasting over heads. The first half of
    /// <c>Sin</c> is negated, which folds rotate-half's sign into the table (see <see cref="Apply"/>).
    /// </summary>
    public (Tensor Cos, Tensor Sin) Compute(Tensor positions, ScalarType dtype)
    {
        var freqs = positions.to(ScalarType.Float32).unsqueeze(-1) * _invFreq;
        var cos = freqs.cos();
        var sin = freqs.sin();
        return (cat([cos, cos], -1).to(dtype).unsqueeze(1), cat([-sin, sin], -1).to(dtype).unsqueeze(1));
    }

    /// <summary>
    /// HF's <c>x * cos + rotate_half(x) * sin</c>, where rotate_half(x) = [-x2, x1]. Rolling x by half a head gives
    /// [x2, x1], and the sign lives in the table from <see cref="Compute"/>: the same products bit for bit (negation
    /// is exact), in four calls instead of seven, which matters at one token per step.
    /// </summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor signedSin)
    {
        long half = x.shape[^1] / 2;
        return x * cos + x.roll(half, -1) * signedSin;
    }

    /// <summary>The inverse frequencies (head_dim / 2 of them) as float32 values, for <see cref="FusedDecoder"/>.</summary>
    internal float[] InverseFrequencies()
    {
        using var values = _invFreq.to(ScalarType.Float32, CPU);
        return values.data<float>().ToArray();
    }

    public void Dispose() => _invFreq.Dispose();
}
