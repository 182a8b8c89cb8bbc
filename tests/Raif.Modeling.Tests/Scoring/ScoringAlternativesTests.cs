using Raif.Modeling.Scoring;
using Raif.Modeling.Tests.Fixtures;

namespace Raif.Modeling.Tests.Scoring;

[Collection(TinyModelCollection.Name)]
public class ScoringAlternativesTests(TinyModelFixture models)
{
    private static readonly ScoringPair[] Pairs =
    [
        new([265, 117, 115, 101, 114, 10], [72, 105, 266]),
        new([100], [101, 102, 103, 104, 105]),
        new([50, 60, 70], []),
    ];

    [Fact]
    public void Alternatives_come_with_the_same_log_probs_as_plain_scoring()
    {
        var model = models.Qwen2;
        var plain = model.ScoreContinuations(Pairs, batchSize: 3);
        var scored = model.ScoreContinuationsWithAlternatives(Pairs, topK: 3, batchSize: 2);
        for (int i = 0; i < Pairs.Length; i++)
        {
            // Different batch sizes pad differently, so equality is up to float rounding.
            Assert.Equal(plain[i].Length, scored[i].LogProbs.Length);
            for (int t = 0; t < plain[i].Length; t++)
                Assert.Equal(plain[i][t], scored[i].LogProbs[t], 1e-5f);
            Assert.Equal(Pairs[i].Continuation.Length, scored[i].Alternatives.Length);
            for (int t = 0; t < scored[i].Alternatives.Length; t++)
            {
                // Independent reference: every vocabulary id scored as the next token after the same context.
                int[] context = [.. Pairs[i].Prompt, .. Pairs[i].Continuation[..t]];
                var all = Enumerable.Range(0, model.Config.VocabSize).Select(id => new ScoringPair(context, [id])).ToList();
                var best = model.ScoreContinuations(all, batchSize: 64).Select((s, id) => (Id: id, LogProb: s[0]))
                    .OrderByDescending(x => x.LogProb).Take(3).ToArray();
                Assert.Equal(best.Select(b => b.Id), scored[i].Alternatives[t].Select(a => a.TokenId));
                for (int j = 0; j < 3; j++)
                    Assert.Equal(best[j].LogProb, scored[i].Alternatives[t][j].LogProb, 1e-4f);
            }
        }
        Assert.Throws<ArgumentException>(() => model.ScoreContinuationsWithAlternatives(Pairs, topK: 0));
    }
}
