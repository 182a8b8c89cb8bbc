using Raif.Modeling.Layers;
using Raif.Modeling.Scoring;
using Raif.Modeling.Tests.Fixtures;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Tests.Scoring;

[Collection(TinyModelCollection.Name)]
public class ScoringTests(TinyModelFixture models)
{
    public static TheoryData<string> Models() => new() { "qwen2", "llama", "mistral" };

    private static readonly ScoringPair[] Pairs =
    [
        new([265, 117, 115, 101, 114, 10], [72, 105, 266]),
        new([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], [20]),
        new([100], [101, 102, 103, 104, 105, 106, 107]),
        new([50, 60, 70], []),
        new([256, 257, 258, 259, 260, 261, 262, 263, 264, 265], [1, 1, 1, 1]),
    ];

    [Theory]
    [MemberData(nameof(Models))]
    public void Batched_scores_equal_unbatched_scores(string name)
    {
        var model = models.Get(name);
        var batched = model.ScoreContinuations(Pairs, batchSize: 5);
        for (int i = 0; i < Pairs.Length; i++)
        {
            var alone = model.ScoreContinuations([Pairs[i]], batchSize: 1)[0];
            Assert.Equal(Pairs[i].Continuation.Length, batched[i].Length);
            for (int t = 0; t < alone.Length; t++)
                Assert.Equal(alone[t], batched[i][t], 1e-5f);
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Scores_are_log_probabilities_of_a_normalised_distribution(string name)
    {
        // Scoring every vocabulary id as a one-token continuation gives probabilities that sum to 1.
        var model = models.Get(name);
        var prompt = new[] { 72, 101, 108 };
        var all = Enumerable.Range(0, model.Config.VocabSize).Select(id => new ScoringPair(prompt, [id])).ToList();
        double total = model.ScoreContinuations(all, batchSize: 64).Sum(s => Math.Exp(s[0]));
        Assert.Equal(1.0, total, 1e-4);
    }

    [Fact]
    public void Trainer_forward_gives_the_same_log_probs_with_left_or_right_padding_and_lets_gradients_flow()
    {
        var model = models.Qwen2;
        var rows = new[] { new long[] { 265, 117, 115, 101, 114, 10, 72 }, [100, 101, 102] };
        using var scope = NewDisposeScope();
        var left = tensor(new long[] { 265, 117, 115, 101, 114, 10, 72, 0, 0, 0, 0, 100, 101, 102 }, 2, 7);
        var leftMask = tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1 }, 2, 7);
        var right = tensor(new long[] { 265, 117, 115, 101, 114, 10, 72, 100, 101, 102, 0, 0, 0, 0 }, 2, 7);
        var rightMask = tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0 }, 2, 7);

        model.Module.train();
        try
        {
            var lpLeft = model.Module.TokenLogProbs(left, leftMask);
            var lpRight = model.Module.TokenLogProbs(right, rightMask);
            Assert.Equal(new long[] { 2, 6 }, lpLeft.shape);
            Assert.True(allclose(lpLeft[0], lpRight[0], 1e-5, 1e-5));
            Assert.True(allclose(lpLeft[1].narrow(0, 4, 2), lpRight[1].narrow(0, 0, 2), 1e-5, 1e-5));

            // The same numbers as the scorer.
            var scored = model.ScoreContinuations([new ScoringPair([100], [101, 102])])[0];
            Assert.Equal(scored[0], lpRight[1][0].item<float>(), 1e-5f);
            Assert.Equal(scored[1], lpRight[1][1].item<float>(), 1e-5f);

            var loss = -(lpLeft * leftMask.narrow(1, 1, 6)).sum();
            loss.backward();
            var grads = model.Module.named_parameters().Where(p => p.parameter.grad is not null).ToList();
            Assert.Equal(model.Module.named_parameters().Count(), grads.Count);
            Assert.True(grads.Single(p => p.name == "model.layers.0.self_attn.q_proj.weight").parameter.grad!.abs().sum().item<float>() > 0);
        }
        finally
        {
            model.Module.zero_grad();
            model.Module.eval();
        }
    }

    [Fact]
    public void A_frozen_copy_matches_the_model_and_does_not_follow_its_updates()
    {
        using var copy = models.Llama.FrozenCopy();
        Assert.All(copy.Module.parameters(), p => Assert.False(p.requires_grad));
        var before = copy.ScoreContinuations(Pairs);
        var original = models.Llama.ScoreContinuations(Pairs);
        Assert.Equal(original.SelectMany(x => x), before.SelectMany(x => x));

        using var scratch = models.Llama.FrozenCopy();
        using (no_grad())
            scratch.Module.named_parameters().First(p => p.name == "model.norm.weight").parameter.mul_(2);
        Assert.Equal(before.SelectMany(x => x), copy.ScoreContinuations(Pairs).SelectMany(x => x));
        Assert.NotEqual(before.SelectMany(x => x), scratch.ScoreContinuations(Pairs).SelectMany(x => x));
    }

    [Fact]
    public void Sliding_window_limits_attention_and_stays_consistent_when_batched()
    {
        // With a window of 4 positions, tokens more than 4 back cannot matter: two long prompts that differ only
        // far back score the same last tokens.
        var model = models.Mistral;
        var a = new ScoringPair([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [17, 18]);
        var b = new ScoringPair([99, 98, 97, 8, 9, 10, 11, 12, 13, 14, 15, 16], [17, 18]);
        var scores = model.ScoreContinuations([a, b]);
        // Two layers of window 4 reach back 2 * 3 = 6 positions; the prompts differ 9 positions before the end.
        Assert.Equal(scores[0], scores[1]);
        var c = new ScoringPair([5, 6, 7, 8, 9, 10, 11, 12, 13, 99, 15, 16], [17, 18]);
        Assert.NotEqual(scores[0], model.ScoreContinuations([c])[0]);
    }
}
