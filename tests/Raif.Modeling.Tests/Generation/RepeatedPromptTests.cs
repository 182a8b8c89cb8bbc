using Raif.Modeling.Generation;
using Raif.Modeling.Tests.Fixtures;

namespace Raif.Modeling.Tests.Generation;

/// <summary>
/// Repeated prompts (GRPO's n samples of one prompt) are prefilled once and their cache rows copied: the tokens,
/// log-probs and finish reasons must be those of prefilling every row, greedy and seeded sampling alike.
/// </summary>
[Collection(TinyModelCollection.Name)]
public class RepeatedPromptTests(TinyModelFixture models)
{
    public static TheoryData<string> Models() => new() { "qwen2", "llama", "mistral", "qwen2-wide" };

    private static readonly int[][] Distinct =
    [
        [265, 117, 115, 101, 114, 10, 72, 105],
        [72, 101, 108, 108, 111],
        [265, 10, 99, 111, 100, 101, 32, 258, 259, 260, 40, 41, 58, 10, 32, 32, 32, 32, 114],
    ];

    /// <summary>Each distinct prompt three times, interleaved (rows of one prompt need not be adjacent), plus one single.</summary>
    private static readonly int[][] Batch =
    [
        Distinct[0], Distinct[1], Distinct[0], Distinct[2], [.. Distinct[1]], Distinct[2], Distinct[0], [7], Distinct[1], [.. Distinct[2]],
    ];

    private static GenerationOptions Options(int n, SamplingOptions sampling, ulong? seed = null) => new()
    {
        MaxNewTokens = n,
        IgnoreEos = true,
        Sampling = sampling,
        Seed = seed,
    };

    private static void AssertSame(IReadOnlyList<GeneratedSequence> expected, IReadOnlyList<GeneratedSequence> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].TokenIds, actual[i].TokenIds);
            Assert.Equal(expected[i].FinishReason, actual[i].FinishReason);
            for (int t = 0; t < expected[i].LogProbs.Length; t++)
                Assert.Equal(expected[i].LogProbs[t], actual[i].LogProbs[t], 1e-5f);
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Greedy_decoding_is_token_for_token_the_same_with_and_without_reuse(string name)
    {
        var model = models.Get(name);
        var options = Options(12, SamplingOptions.Greedy);
        var reused = model.Generate(Batch, options);
        var separate = model.Generate(Batch, options with { ReuseRepeatedPrompts = false });
        AssertSame(separate, reused);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Seeded_sampling_draws_the_same_tokens_with_and_without_reuse(string name)
    {
        // The logits are copied to every row before sampling, so the generator draws from the same [batch, vocab]
        // tensor in the same order as when each row is prefilled.
        var model = models.Get(name);
        foreach (var sampling in new[] { SamplingOptions.Unfiltered, new SamplingOptions(DoSample: true, Temperature: 0.7, TopP: 0.9, TopK: 20, RepetitionPenalty: 1.2) })
        {
            var options = Options(16, sampling, seed: 11);
            var reused = model.Generate(Batch, options);
            var separate = model.Generate(Batch, options with { ReuseRepeatedPrompts = false });
            AssertSame(separate, reused);
            // Copies of one prompt are still sampled independently: its three rows do not all agree.
            Assert.False(reused[0].TokenIds.SequenceEqual(reused[2].TokenIds) && reused[0].TokenIds.SequenceEqual(reused[6].TokenIds));
        }
    }

    [Fact]
    public void Rows_of_a_shared_prompt_that_stop_early_leave_without_disturbing_the_others()
    {
        var model = models.Qwen2;
        var free = model.Generate(Batch, Options(10, SamplingOptions.Unfiltered, seed: 3));
        int eos = free[0].TokenIds[1];
        var options = Options(10, SamplingOptions.Unfiltered, seed: 3) with { IgnoreEos = false, EosTokenIds = [eos] };
        var reused = model.Generate(Batch, options);
        Assert.Contains(reused, s => s.FinishReason == FinishReason.Stop);
        Assert.Contains(reused, s => s.FinishReason == FinishReason.Length);
        AssertSame(model.Generate(Batch, options with { ReuseRepeatedPrompts = false }), reused);
    }

    [Fact]
    public void The_prefill_counts_each_distinct_prompt_once()
    {
        var model = models.Qwen2;
        // Batch holds 4 distinct prompts; the longest has 19 tokens and every row is left-padded to it, so the
        // prefill runs 4 x 19 = 76 positions with reuse and 10 x 19 = 190 without.
        Assert.Equal(76, Prefilled(model, Batch, Options(3, SamplingOptions.Greedy)));
        Assert.Equal(190, Prefilled(model, Batch, Options(3, SamplingOptions.Greedy) with { ReuseRepeatedPrompts = false }));
        // All distinct: nothing to share (3 x 19 = 57).
        Assert.Equal(57, Prefilled(model, Distinct, Options(3, SamplingOptions.Greedy)));
    }

    private static long Prefilled(LanguageModel model, IReadOnlyList<int[]> prompts, GenerationOptions options)
    {
        var reports = new Reports();
        model.Generate(prompts, options, progress: reports);
        Assert.NotEmpty(reports.Seen);
        Assert.All(reports.Seen, r => Assert.Equal(reports.Seen[0].PrefilledTokens, r.PrefilledTokens));
        return reports.Seen[0].PrefilledTokens;
    }

    /// <summary>Collects reports synchronously (Progress&lt;T&gt; posts them to the thread pool).</summary>
    private sealed class Reports : IProgress<GenerationProgress>
    {
        public List<GenerationProgress> Seen { get; } = [];

        public void Report(GenerationProgress value) => Seen.Add(value);
    }
}
