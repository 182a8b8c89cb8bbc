using System.Diagnostics;
using Raif.Modeling.Generation;
using Raif.Modeling.Layers;

namespace Raif.Modeling.Benchmarks;

/// <summary>One sequence of a <see cref="ContinuousBatchBenchmark"/>: its prompt ids and how many tokens it generates.</summary>
public sealed record BatchBenchmarkSequence(int[] Prompt, int MaxTokens);

public sealed record ContinuousBatchBenchmarkOptions
{
    /// <summary>Most sequences in the batch at once (a server's concurrency).</summary>
    public int Rows { get; init; } = 32;

    /// <summary>Decoding steps through <see cref="FusedDecoder"/> where it applies (the default), or libtorch only.</summary>
    public bool Fused { get; init; } = true;

    /// <summary>How tokens are chosen; temperature-1 sampling, as <c>raif bench serve</c> asks for.</summary>
    public SamplingOptions Sampling { get; init; } = SamplingOptions.Unfiltered;

    public ulong Seed { get; init; } = 1;
}

/// <summary>Calls of <see cref="ContinuousBatch.Step(IReadOnlyList{BatchSequence})"/> of one kind: how many, their time, the prompt tokens they computed.</summary>
public sealed record BatchStepTiming(int Calls, double Seconds, long PromptTokens)
{
    public double MillisecondsPerCall => Calls == 0 ? 0 : 1000 * Seconds / Calls;

    public double PromptTokensPerCall => Calls == 0 ? 0 : (double)PromptTokens / Calls;
}

/// <param name="Decoding">Steps of running rows only.</param>
/// <param name="Folded">Steps that also computed joiners' prompts (folded prefill).</param>
/// <param name="IntoEmpty">Joins into an empty batch (a prefill pass of their own).</param>
public sealed record ContinuousBatchBenchmarkResult(int Sequences, long Tokens, TimeSpan Wall, BatchStepTiming Decoding, BatchStepTiming Folded, BatchStepTiming IntoEmpty)
{
    public double TokensPerSecond => Tokens / Wall.TotalSeconds;

    public double SequencesPerSecond => Sequences / Wall.TotalSeconds;
}

/// <summary>
/// The model thread of <c>raif serve</c> without HTTP: sequences join a <see cref="ContinuousBatch"/> in order
/// whenever a row is free and leave at their token budget (end tokens do not end them, so every run generates the
/// same number of tokens), and each call is timed by kind. <c>raif bench serve</c> measures the server end to end,
/// with its client on the same cores; this isolates the batch's own cost for A/B comparisons of the runtime
/// (<see cref="ContinuousBatchBenchmarkOptions.Fused"/> compares the fused decoding step with libtorch's).
/// </summary>
public static class ContinuousBatchBenchmark
{
    public static ContinuousBatchBenchmarkResult Run(
        CausalLM model, IReadOnlyList<BatchBenchmarkSequence> sequences, ContinuousBatchBenchmarkOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Rows, 1);
        if (sequences.Any(s => s.Prompt.Length == 0 || s.MaxTokens < 1))
            throw new ArgumentException("every sequence needs a prompt and at least one token to generate", nameof(sequences));
        var mode = model.FusedDecoding;
        model.FusedDecoding = options.Fused ? FusedDecoding.Auto : FusedDecoding.Off;
        try
        {
            using var batch = new ContinuousBatch(model, options.Seed);
            var times = new (int Calls, long Ticks, long PromptTokens)[3];
            int next = 0, ended = 0;
            long tokens = 0;
            var wall = Stopwatch.StartNew();
            while (ended < sequences.Count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var joiners = new List<BatchSequence>();
                while (batch.Count + joiners.Count < options.Rows && next < sequences.Count)
                {
                    var s = sequences[next++];
                    joiners.Add(new BudgetSequence(s.Prompt, s.MaxTokens, options.Sampling, () => tokens++, () => ended++));
                }
                int kind = joiners.Count == 0 ? 0 : batch.Count > 0 ? 1 : 2;
                long start = Stopwatch.GetTimestamp();
                batch.Step(joiners);
                times[kind].Calls++;
                times[kind].Ticks += Stopwatch.GetTimestamp() - start;
                times[kind].PromptTokens += joiners.Sum(j => (long)j.Prompt.Length);
            }
            var timings = times.Select(t => new BatchStepTiming(t.Calls, (double)t.Ticks / Stopwatch.Frequency, t.PromptTokens)).ToArray();
            return new ContinuousBatchBenchmarkResult(sequences.Count, tokens, wall.Elapsed, timings[0], timings[1], timings[2]);
        }
        finally
        {
            model.FusedDecoding = mode;
        }
    }

    /// <summary>A sequence that ends at its token budget only.</summary>
    private sealed class BudgetSequence(int[] prompt, int maxTokens, SamplingOptions sampling, Action onToken, Action onEnd)
        : BatchSequence(prompt, sampling, new HashSet<int>())
    {
        private int _count;

        public override FinishReason? OnToken(int tokenId, float logProb, ReadOnlySpan<TokenLogProb> alternatives, FinishReason? finished)
        {
            onToken();
            return ++_count >= maxTokens ? FinishReason.Length : null;
        }

        public override void OnEnd(FinishReason? reason) => onEnd();
    }
}
