using Raif.Modeling.Generation;
using Raif.Modeling.Tests.Fixtures;
using TorchSharp;

namespace Raif.Modeling.Tests.Generation;

/// <summary>
/// Continuous batching: sequences that join and leave at every step get what <see cref="TextGenerator"/> (the
/// reference engine, checked against transformers elsewhere) gives each of them alone.
/// </summary>
[Collection(TinyModelCollection.Name)]
public class ContinuousBatchTests(TinyModelFixture models)
{
    // Lengths 1, 5, 8 and 3: a long prompt joining a batch of short rows moves the window right; 70+ steps from a
    // one-token prompt go past the initial capacity (prompt + 64) and grow the cache.
    private static readonly int[][] Prompts = [[7], [72, 101, 108, 108, 111], [265, 117, 115, 101, 114, 10, 72, 105], [40, 41, 42]];

    /// <summary>Records what it is given and ends itself after <c>maxTokens</c> or when <see cref="Cancel"/> was called.</summary>
    private sealed class Recorder(int[] prompt, int maxTokens, SamplingOptions? sampling = null, torch.Generator? generator = null, IReadOnlySet<int>? endIds = null)
        : BatchSequence(prompt, sampling ?? SamplingOptions.Greedy, endIds ?? new HashSet<int>(), 0, generator)
    {
        private bool _cancelled;

        public List<int> Tokens { get; } = [];

        public List<float> LogProbs { get; } = [];

        public FinishReason? Ended { get; private set; }

        public bool EndedCancelled { get; private set; }

        public override bool Cancelled => _cancelled;

        public void Cancel() => _cancelled = true;

        public override FinishReason? OnToken(int tokenId, float logProb, ReadOnlySpan<TokenLogProb> alternatives, FinishReason? finished)
        {
            Tokens.Add(tokenId);
            LogProbs.Add(logProb);
            return Tokens.Count >= maxTokens ? FinishReason.Length : null;
        }

        public override void OnEnd(FinishReason? reason)
        {
            Ended = reason;
            EndedCancelled = reason is null;
        }
    }

    /// <summary>
    /// Runs a batch where <paramref name="schedule"/>[step] join before that step (their own prefill pass), or, when
    /// <paramref name="fold"/>, in that step (their prompts in the step's forward pass); returns the steps run.
    /// </summary>
    private static int Run(ContinuousBatch batch, Dictionary<int, Recorder[]> schedule, Action<int>? beforeStep = null, bool fold = false)
    {
        int step = 0;
        while (batch.Count > 0 || schedule.Keys.Any(k => k >= step))
        {
            var joiners = schedule.GetValueOrDefault(step, []);
            if (!fold)
                batch.Add(joiners);
            beforeStep?.Invoke(step);
            if (fold)
                batch.Step(joiners);
            else
                batch.Step();
            step++;
            Assert.True(step < 1000, "the batch did not finish");
        }
        return step;
    }

    private static GeneratedSequence Alone(LanguageModel model, int[] prompt, int maxTokens, SamplingOptions? sampling = null, ulong? seed = null) =>
        model.Generate([prompt], new GenerationOptions { MaxNewTokens = maxTokens, IgnoreEos = true, Sampling = sampling ?? SamplingOptions.Greedy, Seed = seed })[0];

    private static void AssertSame(GeneratedSequence alone, Recorder joined)
    {
        Assert.Equal(alone.TokenIds, joined.Tokens);
        for (int t = 0; t < alone.LogProbs.Length; t++)
            Assert.Equal(alone.LogProbs[t], joined.LogProbs[t], 1e-4f);
    }

    [Theory]
    [InlineData("qwen2", false)]
    [InlineData("llama", false)]
    [InlineData("mistral", false)] // sliding window of 4: rows must stay contiguous in the cache
    [InlineData("qwen2-wide", false)] // the decoding kernel for few rows, F.linear for the prefill
    [InlineData("qwen2", true)] // joiners' prompts folded into the running rows' step
    [InlineData("llama", true)]
    [InlineData("mistral", true)]
    [InlineData("qwen2-wide", true)]
    public void Greedy_sequences_joining_at_different_steps_get_the_tokens_they_get_alone(string name, bool fold)
    {
        var model = models.Get(name);
        var a = new Recorder(Prompts[0], 75);
        var b = new Recorder(Prompts[2], 6);
        var c = new Recorder(Prompts[1], 12);
        var d = new Recorder(Prompts[3], 1);
        var e = new Recorder(Prompts[2], 20);
        var f = new Recorder(Prompts[1], 9);
        var g = new Recorder(Prompts[3], 30); // moves into b's row when b ends: rows no longer in joining order
        using var batch = new ContinuousBatch(model.Module);
        Run(batch, new() { [0] = [a], [3] = [b, c, g], [4] = [d], [9] = [e], [40] = [f] }, fold: fold);

        AssertSame(Alone(model, Prompts[0], 75), a);
        AssertSame(Alone(model, Prompts[2], 6), b);
        AssertSame(Alone(model, Prompts[1], 12), c);
        AssertSame(Alone(model, Prompts[3], 1), d);
        AssertSame(Alone(model, Prompts[2], 20), e);
        AssertSame(Alone(model, Prompts[1], 9), f);
        AssertSame(Alone(model, Prompts[3], 30), g);
        Assert.All(new[] { a, b, c, d, e, f, g }, r => Assert.Equal(FinishReason.Length, r.Ended));
        Assert.Equal(0, batch.Count);
        Assert.Equal(0, batch.CacheWidth); // an idle batch holds no cache
    }

    [Fact]
    public void Identical_prompts_are_prefilled_once_and_each_copy_decodes_as_alone()
    {
        var model = models.Qwen2;
        var rows = new[] { new Recorder(Prompts[2], 10), new Recorder(Prompts[1], 7), new Recorder(Prompts[2], 4), new Recorder(Prompts[2], 10) };
        using var batch = new ContinuousBatch(model.Module);
        batch.Add(rows);

        // By hand: prompts of 8, 5, 8 and 8 tokens; the three copies of the 8-token prompt are computed once.
        Assert.Equal(8 + 5 + 8 + 8, batch.PromptTokens);
        Assert.Equal(8 + 5, batch.PrefillTokens);
        Run(batch, []);
        AssertSame(Alone(model, Prompts[2], 10), rows[0]);
        AssertSame(Alone(model, Prompts[1], 7), rows[1]);
        AssertSame(Alone(model, Prompts[2], 4), rows[2]);
        AssertSame(Alone(model, Prompts[2], 10), rows[3]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_cancelled_sequence_leaves_at_the_next_step_and_the_others_go_on_unchanged(bool fold)
    {
        var model = models.Llama;
        var keep = new Recorder(Prompts[1], 15);
        var drop = new Recorder(Prompts[2], 100);
        var late = new Recorder(Prompts[3], 8);
        using var batch = new ContinuousBatch(model.Module);
        int countAfterCancel = -1;
        Run(batch, new() { [0] = [keep, drop], [6] = [late] }, step =>
        {
            if (step == 4)
                drop.Cancel();
            if (step == 5)
                countAfterCancel = batch.Count;
        }, fold);

        Assert.True(drop.EndedCancelled);
        // Joining at step 0 by its own prefill: that pass's token and steps 0-3. Folded into step 0: the first token
        // at step 0, then steps 1-3. Step 4 removed it before decoding either way.
        Assert.Equal(fold ? 4 : 5, drop.Tokens.Count);
        Assert.Equal(1, countAfterCancel);
        AssertSame(Alone(model, Prompts[1], 15), keep);
        AssertSame(Alone(model, Prompts[3], 8), late);
    }

    [Fact]
    public void End_tokens_stop_a_sequence_with_reason_stop()
    {
        var model = models.Qwen2;
        var alone = Alone(model, Prompts[1], 10);
        int end = alone.TokenIds[3];
        int first = Array.IndexOf(alone.TokenIds, end);
        var row = new Recorder(Prompts[1], 10, endIds: new HashSet<int> { end });
        using var batch = new ContinuousBatch(model.Module);
        Run(batch, new() { [0] = [row, new Recorder(Prompts[0], 12)] });
        Assert.Equal(alone.TokenIds[..(first + 1)], row.Tokens);
        Assert.Equal(FinishReason.Stop, row.Ended);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_seeded_sampled_sequence_draws_what_it_draws_alone_whatever_else_is_in_the_batch(bool fold)
    {
        var model = models.Mistral;
        var sampling = new SamplingOptions(DoSample: true, Temperature: 0.9, TopK: 20);
        var alone = Alone(model, Prompts[2], 12, sampling, seed: 1234);
        using var generator = new torch.Generator(1234, model.Module.Device);
        var seeded = new Recorder(Prompts[2], 12, sampling, generator);
        var others = new[] { new Recorder(Prompts[0], 5, sampling), new Recorder(Prompts[1], 20) };
        using var batch = new ContinuousBatch(model.Module);
        Run(batch, new() { [0] = [others[0], seeded], [2] = [others[1]] }, fold: fold);
        AssertSame(alone, seeded);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_repetition_penalty_applies_per_sequence(bool fold)
    {
        var model = models.Qwen2;
        var penalised = new SamplingOptions(RepetitionPenalty: 1.5);
        var withPenalty = new Recorder(Prompts[1], 14, penalised);
        var plain = new Recorder(Prompts[2], 14);
        using var batch = new ContinuousBatch(model.Module);
        Run(batch, new() { [0] = [plain], [2] = [withPenalty] }, fold: fold);
        AssertSame(Alone(model, Prompts[1], 14, penalised), withPenalty);
        AssertSame(Alone(model, Prompts[2], 14), plain);
        Assert.NotEqual(Alone(model, Prompts[1], 14).TokenIds, withPenalty.Tokens); // the penalty changed something
    }

    /// <summary>Prompts of joiners while <paramref name="x"/> (8 tokens) runs, sharing prefixes with it and each other.</summary>
    private static int[][] JoinersSharingWith(int[] x) =>
    [
        [.. x, 40, 41, 42], // shares all 8 tokens of the running prompt
        [.. x[..5], 50, 51], // shares 5
        x, // the running prompt itself: shares 8, computes its last token
        [60, 61, 62, 63], // shares nothing
        [60, 61, 62, 63, 64, 65], // shares 4 with the previous one, which joins too
    ];

    [Theory]
    [InlineData("qwen2")]
    [InlineData("mistral")] // sliding window of 4 across the copied prefix and the computed rest
    public void Prompts_sharing_a_prefix_with_a_running_or_new_sequence_compute_only_the_rest_and_decode_as_alone(string name)
    {
        var model = models.Get(name);
        int[] x = Prompts[2];
        int[][] prompts = JoinersSharingWith(x);
        var running = new Recorder(x, 40);
        var joiners = prompts.Select((p, i) => new Recorder(p, 10 + 3 * i)).ToArray();
        using var batch = new ContinuousBatch(model.Module, minSharedPrefix: 3);
        Run(batch, new() { [0] = [running], [3] = joiners });

        // By hand: prompts of 8 + (11 + 7 + 8 + 4 + 6) tokens. Computed: the first 8; the fresh 4-token prompt; the
        // four sharers each compute their last S = 3 tokens, S being the longest unshared rest (11 - 8 = 3).
        Assert.Equal(8 + 11 + 7 + 8 + 4 + 6, batch.PromptTokens);
        Assert.Equal(8 + 4 + 4 * 3, batch.PrefillTokens);
        AssertSame(Alone(model, x, 40), running);
        for (int i = 0; i < prompts.Length; i++)
            AssertSame(Alone(model, prompts[i], 10 + 3 * i), joiners[i]);
    }

    [Theory]
    [InlineData("qwen2")]
    [InlineData("mistral")] // sliding window of 4 across the copied prefix and the computed rest
    public void Joiners_folded_into_a_step_share_prefixes_only_with_running_rows_and_decode_as_alone(string name)
    {
        var model = models.Get(name);
        int[] x = Prompts[2];
        // The last one is identical to a joiner: computed once. The 6-token one cannot copy from the 4-token one,
        // computed in the same pass.
        int[][] prompts = [.. JoinersSharingWith(x), [60, 61, 62, 63]];
        var running = new Recorder(x, 40);
        var joiners = prompts.Select((p, i) => new Recorder(p, 10 + 3 * i)).ToArray();
        using var batch = new ContinuousBatch(model.Module, minSharedPrefix: 3);
        batch.Step([running]); // an empty batch: the prompt's own pass gives the first token
        Assert.Equal((0, 1), (batch.Steps, running.Tokens.Count));
        batch.Step(joiners);

        // One step: the running row got its second token, every joiner its first.
        Assert.Equal(1, batch.Steps);
        Assert.Equal(2, running.Tokens.Count);
        Assert.All(joiners, j => Assert.Single(j.Tokens));
        // By hand: prompts of 8 + (11 + 7 + 8 + 4 + 6 + 4) tokens. Computed: the first 8; the fresh 4- and 6-token
        // prompts whole (the 6-token one cannot copy from a prompt computed in the same pass); the three sharers of the
        // running prompt each compute their last S = 3 tokens, S being the longest unshared rest (11 - 8 = 3).
        Assert.Equal(8 + 11 + 7 + 8 + 4 + 6 + 4, batch.PromptTokens);
        Assert.Equal(8 + 4 + 6 + 3 * 3, batch.PrefillTokens);
        Run(batch, [], fold: true);
        AssertSame(Alone(model, x, 40), running);
        for (int i = 0; i < prompts.Length; i++)
            AssertSame(Alone(model, prompts[i], 10 + 3 * i), joiners[i]);
    }

    [Theory]
    [InlineData("qwen2")]
    [InlineData("mistral")]
    public void A_short_fresh_prompt_and_longer_ones_sharing_its_prefix_joining_together_decode_as_alone(string name)
    {
        // The chat-server case: one system prompt, user turns of different lengths, all arriving in one window. The
        // shortest is prefilled fresh; the others copy its prefix and compute rests of different lengths (1, 3, 6).
        var model = models.Get(name);
        int[] system = [265, 117, 115, 101, 114, 10, 72, 105];
        int[][] prompts = [[.. system, 7], [.. system, 40, 41], [.. system, 50, 51, 52, 53], [.. system, 60, 61, 62, 63, 64, 65, 66]];
        var joiners = prompts.Select((p, i) => new Recorder(p, 8 + i)).ToArray();
        using var batch = new ContinuousBatch(model.Module, minSharedPrefix: 3);
        Run(batch, new() { [0] = joiners });
        for (int i = 0; i < prompts.Length; i++)
            AssertSame(Alone(model, prompts[i], 8 + i), joiners[i]);
    }

    [Fact]
    public void With_prefix_reuse_off_prompts_sharing_a_prefix_are_computed_whole_and_decode_as_alone()
    {
        var model = models.Get("qwen2");
        int[] x = Prompts[2];
        int[][] prompts = [[.. x, 40, 41, 42], [.. x[..5], 50, 51], x];
        var running = new Recorder(x, 20);
        var joiners = prompts.Select((p, i) => new Recorder(p, 6 + i)).ToArray();
        using var batch = new ContinuousBatch(model.Module, minSharedPrefix: 0);
        Run(batch, new() { [0] = [running], [3] = joiners });

        // By hand: 8 + (11 + 7 + 8) prompt tokens, every one computed (with reuse on, the joiners would copy 8, 5
        // and 8 tokens from the running row).
        Assert.Equal(8 + 11 + 7 + 8, batch.PromptTokens);
        Assert.Equal(8 + 11 + 7 + 8, batch.PrefillTokens);
        AssertSame(Alone(model, x, 20), running);
        for (int i = 0; i < prompts.Length; i++)
            AssertSame(Alone(model, prompts[i], 6 + i), joiners[i]);
    }
}
