using Raif.Core.Templates;
using Raif.Training.Algorithms;
using Raif.Training.Data;
using Raif.Training.Learning;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Training.Tests.Trainer;

/// <summary>The mask acts on a real model: a masked rollout moves no weight through the policy term, but the KL term still does.</summary>
public sealed class PolicyGradientMaskTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-mask-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Masked_rollouts_give_zero_policy_gradient_to_every_weight_but_kl_does_not()
    {
        var world = TinyFixture.World();
        using var model = TinyFixture.Model(world, _dir);
        using var reference = model.FrozenCopy();
        // Make the policy differ from its reference so the KL gradient is not zero at the start.
        using (no_grad())
        {
            foreach (var p in model.Module.parameters())
                p.add_(0.05f * ones_like(p));
        }
        var tok = model.Tokenizer;
        var seqs = world.Training.Take(3).Select(t =>
        {
            int[] prompt = tok.Encode(t.Prompt(ChatTemplates.Qwen));
            return new TokenizedSequence([.. prompt, .. tok.Encode(t.ExpertCompletion)], prompt.Length);
        }).ToList();

        using var scope = NewDisposeScope();
        var batch = PaddedBatch.Create(seqs, tok.PadTokenId ?? 0, model.Module.Device);
        model.Module.train();
        var logp = model.Module.TokenLogProbs(batch.Ids, batch.Attention);
        // Old log-probs differ from the current ones (as after an earlier update), advantages are non-zero.
        var old = logp.detach() - 0.1f;
        var loss = RaifLosses.Policy(logp, old, tensor(new float[] { 1.2f, -0.7f, 0.4f }), zeros(3), batch.LossMask, 0.2, 0.2,
            LossAggregation.SequenceMeanTokenMean, 3, 64);
        loss.backward();
        foreach (var (name, p) in model.Module.named_parameters())
            Assert.True(p.grad is null || p.grad.abs().max().item<float>() == 0f, $"{name} got a policy gradient from masked rollouts");

        model.Module.zero_grad();
        var kept = RaifLosses.Policy(model.Module.TokenLogProbs(batch.Ids, batch.Attention), old, tensor(new float[] { 1.2f, -0.7f, 0.4f }), ones(3),
            batch.LossMask, 0.2, 0.2, LossAggregation.SequenceMeanTokenMean, 3, 64);
        kept.backward();
        Assert.Contains(model.Module.parameters(), p => p.grad is not null && p.grad.abs().max().item<float>() > 0f);

        model.Module.zero_grad();
        Tensor refLogp;
        using (no_grad())
            refLogp = reference.Module.TokenLogProbs(batch.Ids, batch.Attention);
        var kl = RaifLosses.KlK3(model.Module.TokenLogProbs(batch.Ids, batch.Attention), refLogp, batch.LossMask, LossAggregation.SequenceMeanTokenMean, 3, 64);
        Assert.True(kl.item<float>() > 0);
        kl.backward();
        Assert.Contains(model.Module.parameters(), p => p.grad is not null && p.grad.abs().max().item<float>() > 0f);
    }
}
