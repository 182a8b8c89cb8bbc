using Raif.Modeling.Generation;
using Raif.Modeling.Scoring;
using Raif.Modeling.Tests.Fixtures;

namespace Raif.Modeling.Tests.Generation;

/// <summary>The token-by-token observer (streaming, ending single rows) and the recorded top alternatives.</summary>
[Collection(TinyModelCollection.Name)]
public class GenerationObserverTests(TinyModelFixture models)
{
    private static readonly int[][] Prompts = [[265, 117, 115, 101, 114, 10, 72, 105], [72, 101, 108, 108, 111], [7]];

    private static GenerationOptions Greedy(int n, int top = 0) => new()
    {
        MaxNewTokens = n,
        IgnoreEos = true,
        Sampling = SamplingOptions.Greedy,
        TopLogProbs = top,
    };

    /// <summary>Records every token it is shown and ends the rows listed in <c>stopAfter</c> after that many tokens.</summary>
    private sealed class Recorder(Dictionary<int, int> stopAfter) : IGenerationObserver
    {
        public Dictionary<int, List<(int Token, float LogProb)>> Seen { get; } = [];

        public FinishReason? OnToken(int row, int tokenId, float logProb, ReadOnlySpan<TokenLogProb> alternatives, FinishReason? finished)
        {
            if (!Seen.TryGetValue(row, out var list))
                Seen[row] = list = [];
            list.Add((tokenId, logProb));
            return stopAfter.TryGetValue(row, out int n) && list.Count >= n ? FinishReason.Length : null;
        }
    }

    [Fact]
    public void An_observer_sees_every_token_and_can_end_one_row_without_changing_the_others()
    {
        var model = models.Qwen2;
        var plain = model.Generate(Prompts, Greedy(9));
        var recorder = new Recorder(new() { [1] = 3 });
        var observed = model.Generate(Prompts, Greedy(9), observer: recorder);

        Assert.Equal(plain[1].TokenIds[..3], observed[1].TokenIds);
        Assert.Equal(FinishReason.Length, observed[1].FinishReason);
        foreach (int row in new[] { 0, 2 })
        {
            Assert.Equal(plain[row].TokenIds, observed[row].TokenIds);
            for (int t = 0; t < plain[row].LogProbs.Length; t++)
                Assert.Equal(plain[row].LogProbs[t], observed[row].LogProbs[t], 1e-4f);
        }
        for (int row = 0; row < Prompts.Length; row++)
        {
            Assert.Equal(observed[row].TokenIds, recorder.Seen[row].Select(s => s.Token));
            Assert.Equal(observed[row].LogProbs, recorder.Seen[row].Select(s => s.LogProb));
        }
    }

    [Fact]
    public void Ending_every_row_ends_the_call()
    {
        var recorder = new Recorder(new() { [0] = 1, [1] = 2, [2] = 1 });
        var observed = models.Llama.Generate(Prompts, Greedy(50), observer: recorder);
        Assert.Equal([1, 2, 1], observed.Select(o => o.TokenIds.Length));
    }

    [Theory]
    [InlineData("qwen2")]
    [InlineData("mistral")]
    public void Top_alternatives_are_the_best_tokens_of_the_full_distribution(string name)
    {
        // Independent reference: score every vocabulary id as the next token after prompt + generated prefix.
        var model = models.Get(name);
        var generated = model.Generate(Prompts, Greedy(4, top: 5));
        for (int row = 0; row < Prompts.Length; row++)
        {
            var top = generated[row].TopLogProbs!;
            Assert.Equal(4, top.Length);
            for (int t = 0; t < 4; t++)
            {
                int[] context = [.. Prompts[row], .. generated[row].TokenIds[..t]];
                var all = Enumerable.Range(0, model.Config.VocabSize).Select(id => new ScoringPair(context, [id])).ToList();
                var reference = model.ScoreContinuations(all, batchSize: 64)
                    .Select((s, id) => (Id: id, LogProb: s[0])).OrderByDescending(x => x.LogProb).Take(5).ToArray();
                Assert.Equal(5, top[t].Length);
                for (int j = 0; j < 5; j++)
                {
                    Assert.Equal(reference[j].Id, top[t][j].TokenId);
                    Assert.Equal(reference[j].LogProb, top[t][j].LogProb, 1e-4f);
                }
                // Greedy decoding takes the best alternative.
                Assert.Equal(top[t][0].TokenId, generated[row].TokenIds[t]);
                Assert.Equal(top[t][0].LogProb, generated[row].LogProbs[t], 1e-6f);
            }
        }
        Assert.Null(model.Generate(Prompts, Greedy(2))[0].TopLogProbs);
    }
}
