using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Layers;

/// <summary>
/// Projections of the same input (q/k/v, gate/up) whose weights are row blocks of one tensor. Each block is an
/// ordinary <see cref="HfLinear"/> parameter with its HF name, so loading, saving, training and the optimizer see
/// nothing new; the fused tensor shares their storage, so a decoding step reads all of them in one
/// <see cref="MatrixVectorKernel"/> pass instead of one small product each (fewer calls, longer reads).
/// The sharing holds because parameters are only ever written in place: checkpoint loading, initialisation, frozen
/// copies and optimizer steps all copy into them.
/// </summary>
internal sealed class FusedProjection : IDisposable
{
    private readonly Tensor _weight;
    private readonly Tensor? _bias;

    public FusedProjection(long inFeatures, long[] outFeatures, bool bias, ScalarType dtype, Device device)
    {
        long total = outFeatures.Sum();
        _weight = empty([total, inFeatures], dtype, device).DetachFromDisposeScope();
        _bias = bias ? empty([total], dtype, device).DetachFromDisposeScope() : null;
        Parts = new HfLinear[outFeatures.Length];
        long start = 0;
        for (int i = 0; i < outFeatures.Length; i++)
        {
            Parts[i] = new HfLinear(_weight.narrow(0, start, outFeatures[i]), _bias?.narrow(0, start, outFeatures[i]));
            start += outFeatures[i];
        }
    }

    public HfLinear[] Parts { get; }

    /// <summary>All parts' weights as one [sum of outputs, in] tensor (their storage).</summary>
    internal Tensor Weight => _weight;

    internal Tensor? Bias => _bias;

    /// <summary>
    /// All parts at once, concatenated along the last axis, when the input is a decoding step the kernel takes;
    /// otherwise null and the caller runs the parts one by one (prefill, training, other devices and dtypes).
    /// The kernel computes every output as its own dot product, so each slice equals that part's own kernel product
    /// bit for bit.
    /// </summary>
    public Tensor? TryApply(Tensor input)
    {
        long rows = input.NumberOfElements / input.shape[^1];
        if (!MatrixVectorKernel.Applies(input, _weight, _bias, rows))
            return null;
        return MatrixVectorKernel.Apply(input, _weight, _bias);
    }

    public void Dispose()
    {
        _weight.Dispose();
        _bias?.Dispose();
    }
}
