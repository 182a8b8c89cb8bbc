using Raif.Modeling.Generation;
using Raif.Modeling.Scoring;
using Raif.Modeling.Tests.Fixtures;

namespace Raif.Modeling.Tests.Generation;

[Collection(TinyModelCollection.Name)]
public class GenerationTests(TinyModelFixture models)
{
    public static TheoryData<string> Models() => new() { "qwen2", "llama", "mistral", "qwen2-wide" };

    private static readonly int[][] Prompts =
    [
        [265, 117, 115, 101, 114, 10, 72, 105],
        [72, 101, 108, 108, 111],
        [265, 10, 99, 111, 100, 101, 32, 258, 259, 260, 40, 41, 58, 10, 32, 32, 32, 32, 114],
        [7],
    ];

    private static GenerationOptions Greedy(int n, bool cache = true) => new()
    {
        MaxNewTokens = n,
        UseCache = cache,
        IgnoreEos = true,
        Sampling = SamplingOptions.Greedy,
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Cached_and_uncached_greedy_decoding_give_identical_tokens(string name)
    {
        var model = models.Get(name);
        var cached = model.Generate(Prompts, Greedy(12));
        var uncached = model.Generate(Prompts, Greedy(12, cache: false));
        for (int i = 0; i < Prompts.Length; i++)
        {
            Assert.Equal(uncached[i].TokenIds, cached[i].TokenIds);
            Assert.Equal(12, cached[i].TokenIds.Length);
            for (int t = 0; t < 12; t++)
                Assert.Equal(uncached[i].LogProbs[t], cached[i].LogProbs[t], 1e-4f);
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void A_left_padded_batch_generates_what_each_prompt_generates_alone(string name)
    {
        var model = models.Get(name);
        var batched = model.Generate(Prompts, Greedy(10));
        for (int i = 0; i < Prompts.Length; i++)
        {
            var alone = model.Generate([Prompts[i]], Greedy(10))[0];
            Assert.Equal(alone.TokenIds, batched[i].TokenIds);
            for (int t = 0; t < alone.LogProbs.Length; t++)
                Assert.Equal(alone.LogProbs[t], batched[i].LogProbs[t], 1e-4f);
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Generated_log_probs_equal_scoring_the_generated_tokens(string name)
    {
        var model = models.Get(name);
        var options = Greedy(8) with { Sampling = new SamplingOptions(DoSample: true, Temperature: 0.7, TopP: 0.9, TopK: 20), Seed = 5 };
        var generated = model.Generate(Prompts, options);
        var scored = model.ScoreContinuations(Prompts.Select((p, i) => new ScoringPair(p, generated[i].TokenIds)).ToList());
        for (int i = 0; i < Prompts.Length; i++)
        {
            Assert.Equal(generated[i].LogProbs.Length, scored[i].Length);
            for (int t = 0; t < scored[i].Length; t++)
                Assert.Equal(scored[i][t], generated[i].LogProbs[t], 1e-4f);
        }
    }

    [Fact]
    public void Seeded_sampling_is_reproducible_and_the_seed_matters()
    {
        var model = models.Qwen2;
        var options = Greedy(16) with { Sampling = SamplingOptions.Unfiltered };
        var a = model.Generate(Prompts, options with { Seed = 42 });
        var b = model.Generate(Prompts, options with { Seed = 42 });
        var c = model.Generate(Prompts, options with { Seed = 43 });
        Assert.Equal(a.Select(s => s.TokenIds), b.Select(s => s.TokenIds));
        Assert.NotEqual(a.SelectMany(s => s.TokenIds), c.SelectMany(s => s.TokenIds));
    }

    [Fact]
    public void Top_k_one_and_a_tiny_top_p_sample_the_greedy_path()
    {
        var model = models.Llama;
        var greedy = model.Generate(Prompts, Greedy(10));
        var topK = model.Generate(Prompts, Greedy(10) with { Sampling = new SamplingOptions(DoSample: true, TopK: 1), Seed = 1 });
        var topP = model.Generate(Prompts, Greedy(10) with { Sampling = new SamplingOptions(DoSample: true, TopP: 1e-6), Seed = 2 });
        Assert.Equal(greedy.Select(s => s.TokenIds), topK.Select(s => s.TokenIds));
        Assert.Equal(greedy.Select(s => s.TokenIds), topP.Select(s => s.TokenIds));
    }

    [Fact]
    public void End_tokens_stop_a_row_unless_ignored_and_the_budget_ends_with_length()
    {
        var model = models.Qwen2;
        var free = model.Generate(Prompts, Greedy(6));
        int eos = free[0].TokenIds[2];
        var options = Greedy(6) with { IgnoreEos = false, EosTokenIds = [eos] };
        var stopped = model.Generate(Prompts, options);
        int firstEos = Array.IndexOf(free[0].TokenIds, eos);
        Assert.Equal(free[0].TokenIds[..(firstEos + 1)], stopped[0].TokenIds);
        Assert.Equal(FinishReason.Stop, stopped[0].FinishReason);

        var ignored = model.Generate(Prompts, options with { IgnoreEos = true });
        Assert.Equal(free[0].TokenIds, ignored[0].TokenIds);
        Assert.Equal(FinishReason.Length, ignored[0].FinishReason);

        // Explicit stop ids apply even when eos is ignored.
        var stopIds = model.Generate(Prompts, options with { IgnoreEos = true, StopTokenIds = [eos] });
        Assert.Equal(FinishReason.Stop, stopIds[0].FinishReason);
        Assert.Equal(firstEos + 1, stopIds[0].TokenIds.Length);

        // Other rows are unaffected unless they emit the same id.
        for (int i = 1; i < Prompts.Length; i++)
        {
            int at = Array.IndexOf(free[i].TokenIds, eos);
            Assert.Equal(at < 0 ? free[i].TokenIds : free[i].TokenIds[..(at + 1)], stopped[i].TokenIds);
        }
    }

    [Fact]
    public void A_stop_string_ends_the_row_on_the_token_that_completes_it()
    {
        var model = models.Llama;
        var free = model.Generate([Prompts[1]], Greedy(8))[0];
        string text = model.Tokenizer.Decode(free.TokenIds);
        string prefix3 = model.Tokenizer.Decode(free.TokenIds[..3]);
        string prefix2 = model.Tokenizer.Decode(free.TokenIds[..2]);
        // A stop string made of the last character of token 3's text (if it first appears there).
        string stop = prefix3[prefix2.Length..];
        Assert.False(string.IsNullOrEmpty(stop));
        int firstHit = Enumerable.Range(1, 8).First(n => model.Tokenizer.Decode(free.TokenIds[..n]).Contains(stop, StringComparison.Ordinal));
        var stopped = model.Generate([Prompts[1]], Greedy(8) with { StopStrings = [stop] })[0];
        Assert.Equal(FinishReason.Stop, stopped.FinishReason);
        Assert.Equal(free.TokenIds[..firstHit], stopped.TokenIds);
        Assert.Contains(stop, text);
    }

    [Fact]
    public void Zero_new_tokens_and_cancellation_behave()
    {
        var model = models.Qwen2;
        var none = model.Generate(Prompts, Greedy(0));
        Assert.All(none, s => Assert.Empty(s.TokenIds));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => model.Generate(Prompts, Greedy(4), cts.Token));
        Assert.Throws<ArgumentException>(() => model.Generate([[300]], Greedy(2)));
    }
    [Theory]
    [MemberData(nameof(Models))]
    public void Rows_that_finish_early_leave_the_batch_without_changing_the_others(string name)
    {
        // Greedy with a repetition penalty, stopping at an id that some rows emit early: every row must equal its
        // own unbatched run, which checks that dropping finished rows keeps the cache, mask and seen-token rows aligned.
        var model = models.Get(name);
        var free = model.Generate(Prompts, Greedy(10));
        int eos = free[1].TokenIds[1];
        var options = Greedy(10) with { IgnoreEos = false, EosTokenIds = [eos], Sampling = new SamplingOptions(RepetitionPenalty: 1.3) };
        var batched = model.Generate(Prompts, options);
        Assert.Contains(batched, s => s.FinishReason == FinishReason.Stop);
        for (int i = 0; i < Prompts.Length; i++)
        {
            var alone = model.Generate([Prompts[i]], options)[0];
            Assert.Equal(alone.TokenIds, batched[i].TokenIds);
            Assert.Equal(alone.FinishReason, batched[i].FinishReason);
        }
    }
}
