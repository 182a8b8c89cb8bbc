using Raif.Modeling.Benchmarks;
using Raif.Modeling.Layers;
using Raif.Modeling.Tests.Fixtures;

namespace Raif.Modeling.Tests.Benchmarks;

/// <summary>
/// The schedule <see cref="ContinuousBatchBenchmark"/> runs and counts, against schedules worked out by hand: sequences
/// join in order while a row is free and leave at their token budget.
/// </summary>
public class ContinuousBatchBenchmarkTests
{
    private static BatchBenchmarkSequence Sequence(int maxTokens, int length = 5) => new([.. Enumerable.Range(10, length)], maxTokens);

    [Fact]
    public void Lockstep_sequences_join_an_empty_batch_in_waves_of_rows()
    {
        using var model = TinyModels.Load(TinyModels.Qwen2TiedConfig(), seed: 31);
        // 10 sequences of 4 tokens, 4 rows: waves of 4, 4 and 2 join an empty batch (their first token), then each
        // wave decodes 3 steps: 3 joins into empty, 9 decoding-only steps, no folded step, 40 tokens.
        var result = ContinuousBatchBenchmark.Run(model.Module, [.. Enumerable.Range(0, 10).Select(_ => Sequence(4))], new ContinuousBatchBenchmarkOptions { Rows = 4 });
        Assert.Equal((3, 9, 0), (result.IntoEmpty.Calls, result.Decoding.Calls, result.Folded.Calls));
        Assert.Equal(40, result.Tokens);
        Assert.Equal(10, result.Sequences);
        Assert.Equal(10 * 5, result.IntoEmpty.PromptTokens);
    }

    [Fact]
    public void A_sequence_that_joins_a_running_batch_is_folded_into_its_step()
    {
        using var model = TinyModels.Load(TinyModels.Qwen2TiedConfig(), seed: 31);
        // 2 rows, budgets 1, 3, 2. Call 1: the first two join the empty batch (a: 1 token, ends; b: 1). Call 2: c joins
        // the running b (folded; b: 2, c: 1). Call 3: decoding only (b: 3, ends; c: 2, ends). 6 tokens.
        BatchBenchmarkSequence[] sequences = [Sequence(1), Sequence(3, length: 7), Sequence(2, length: 3)];
        foreach (bool fused in new[] { true, false })
        {
            var result = ContinuousBatchBenchmark.Run(model.Module, sequences, new ContinuousBatchBenchmarkOptions { Rows = 2, Fused = fused });
            Assert.Equal((1, 1, 1), (result.IntoEmpty.Calls, result.Folded.Calls, result.Decoding.Calls));
            Assert.Equal((12L, 3L), (result.IntoEmpty.PromptTokens, result.Folded.PromptTokens));
            Assert.Equal(6, result.Tokens);
        }
        Assert.Equal(FusedDecoding.Auto, model.Module.FusedDecoding); // the run's setting does not outlive it
    }

    [Fact]
    public void A_sequence_without_a_budget_is_refused() =>
        Assert.Throws<ArgumentException>(() => ContinuousBatchBenchmark.Run(null!, [Sequence(0)], new ContinuousBatchBenchmarkOptions()));
}
