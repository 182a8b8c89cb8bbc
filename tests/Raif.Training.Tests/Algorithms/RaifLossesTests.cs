using Raif.Modeling.Runtime;
using Raif.Training.Algorithms;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Training.Tests.Algorithms;

public class RaifLossesTests
{
    public RaifLossesTests() => TorchRuntime.EnsureAvailable();

    [Fact]
    public void Masked_sample_has_zero_policy_gradient_but_nonzero_kl_gradient()
    {
        using var scope = NewDisposeScope();
        // Two sequences of three tokens; log-probs are the trainable leaves.
        var logp = tensor(new float[] { -1.0f, -0.5f, -2.0f, -0.7f, -1.2f, -0.3f }, 2, 3).requires_grad_(true);
        var old = tensor(new float[] { -1.1f, -0.4f, -2.0f, -0.9f, -1.0f, -0.3f }, 2, 3);
        var reference = tensor(new float[] { -1.3f, -0.6f, -1.5f, -0.5f, -1.4f, -0.8f }, 2, 3);
        var adv = tensor(new float[] { 1.0f, -0.5f });
        var keep = tensor(new float[] { 1f, 0f });
        var mask = ones(2, 3);

        var pg = RaifLosses.Policy(logp, old, adv, keep, mask, 0.2, 0.2, LossAggregation.SequenceMeanTokenMean, 2, 3);
        pg.backward();
        var pgGrad = logp.grad!.clone();
        Assert.All(pgGrad[1].data<float>().ToArray(), g => Assert.Equal(0f, g));
        Assert.Contains(pgGrad[0].data<float>().ToArray(), g => g != 0f);

        logp.grad!.zero_();
        var kl = RaifLosses.KlK3(logp, reference, mask, LossAggregation.SequenceMeanTokenMean, 2, 3);
        kl.backward();
        Assert.All(logp.grad!.data<float>().ToArray(), g => Assert.NotEqual(0f, g));
    }

    [Fact]
    public void Masked_sample_still_counts_in_the_average()
    {
        using var scope = NewDisposeScope();
        // logp == old: ratio 1 for both; loss = mean(−A) = −(1 + (−0.5)) / 2 = −0.25, the masked one included.
        var logp = tensor(new float[] { -1f, -1f, -1f, -1f }, 2, 2);
        var adv = tensor(new float[] { 1.0f, -0.5f });
        var loss = RaifLosses.Policy(logp, logp, adv, tensor(new float[] { 1f, 0f }), ones(2, 2), 0.2, 0.2, LossAggregation.SequenceMeanTokenMean, 2, 2);
        Assert.Equal(-0.25f, loss.item<float>(), 1e-6);
    }

    [Fact]
    public void Clipping_follows_the_ppo_rule()
    {
        using var scope = NewDisposeScope();
        // One token, ratio e^{0.5} = 1.6487 > 1.2 with A = +1: loss = −min(1.6487, 1.2) = −1.2 and the gradient is 0.
        var logp = tensor(new float[] { 0.5f }, 1, 1).requires_grad_(true);
        var loss = RaifLosses.Policy(logp, zeros(1, 1), ones(1), ones(1), ones(1, 1), 0.2, 0.2, LossAggregation.SequenceMeanTokenMean, 1, 1);
        Assert.Equal(-1.2f, loss.item<float>(), 1e-5);
        loss.backward();
        Assert.Equal(0f, logp.grad!.item<float>());

        // With A = −1 the unclipped term is the minimum: loss = 1.6487 and d/dlogp = ratio = 1.6487.
        var logp2 = tensor(new float[] { 0.5f }, 1, 1).requires_grad_(true);
        var loss2 = RaifLosses.Policy(logp2, zeros(1, 1), -ones(1), ones(1), ones(1, 1), 0.2, 0.2, LossAggregation.SequenceMeanTokenMean, 1, 1);
        Assert.Equal(MathF.Exp(0.5f), loss2.item<float>(), 1e-5);
        loss2.backward();
        Assert.Equal(MathF.Exp(0.5f), logp2.grad!.item<float>(), 1e-5);
    }

    [Fact]
    public void K3_matches_the_formula_and_is_zero_at_equality()
    {
        using var scope = NewDisposeScope();
        // δ = ref − logp = 0.5: e^0.5 − 1 − 0.5 = 0.14872127.
        var kl = RaifLosses.KlK3(tensor(new float[] { -1f, -1f }, 1, 2), tensor(new float[] { -0.5f, -1f }, 1, 2), ones(1, 2), LossAggregation.SequenceMeanTokenMean, 1, 2);
        Assert.Equal(0.14872127f / 2, kl.item<float>(), 1e-6);
    }

    [Fact]
    public void Aggregations_differ_as_documented()
    {
        using var scope = NewDisposeScope();
        // Sequence 1 has 1 valid token (loss 4), sequence 2 has 3 (loss 1 each); token values are −logp for BC.
        var logp = tensor(new float[] { -4f, 0f, 0f, -1f, -1f, -1f }, 2, 3);
        var mask = tensor(new float[] { 1f, 0f, 0f, 1f, 1f, 1f }, 2, 3);
        Assert.Equal((4f + 1f) / 2, RaifLosses.BehaviourCloning(logp, mask, 2).item<float>(), 1e-6);
        var zeroOld = logp.detach();
        // Policy with A = −1 and ratio 1: token loss = 1 for every token; Dr. GRPO divides by the limit (3).
        var adv = -ones(2);
        Assert.Equal(1f, RaifLosses.Policy(logp, zeroOld, adv, ones(2), mask, 0.2, 0.2, LossAggregation.TokenMean, 4, 3).item<float>(), 1e-6);
        Assert.Equal((1f / 3 + 3f / 3) / 2, RaifLosses.Policy(logp, zeroOld, adv, ones(2), mask, 0.2, 0.2, LossAggregation.DrGrpo, 2, 3).item<float>(), 1e-6);
    }
}
