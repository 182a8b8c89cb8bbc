using Raif.Modeling.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Checkpoints;

/// <summary>
/// transformers' <c>_init_weights</c> for these models: every linear and embedding weight drawn from
/// normal(0, initializer_range), biases zero, RMSNorm weights one, the padding row of the embedding zero when
/// the config names a pad token. Draws come from one seeded generator in parameter order, so a seed fixes the model.
/// </summary>
public static class ModelInitializer
{
    public static void Initialize(CausalLM model, long seed)
    {
        var config = model.Config;
        using var noGrad = no_grad();
        using var generator = new Generator((ulong)seed);
        foreach (var (name, p) in model.named_parameters())
        {
            using var scope = NewDisposeScope();
            if (name.EndsWith("norm.weight", StringComparison.Ordinal))
            {
                p.fill_(1.0);
            }
            else if (name.EndsWith(".bias", StringComparison.Ordinal))
            {
                p.zero_();
            }
            else
            {
                // Draw in float32 on the CPU so a seed gives the same model whatever the dtype and device.
                var values = empty(p.shape, ScalarType.Float32).normal_(0.0, config.InitializerRange, generator);
                p.copy_(values);
            }
        }
        if (config.PadTokenId is { } pad && pad >= 0 && pad < config.VocabSize)
            model.EmbeddingWeight[pad].zero_();
    }
}
