using Raif.Modeling.Generation;
using Raif.Modeling.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Scoring;

/// <summary>A prompt and a continuation to score after it (token ids).</summary>
public sealed record ScoringPair(int[] Prompt, int[] Continuation);

/// <summary>A continuation's token log-probs and, per position, the most likely tokens there (best first).</summary>
public sealed record ScoredContinuation(float[] LogProbs, TokenLogProb[][] Alternatives);

/// <summary>
/// Log-probabilities of given continuations after given prompts: entry i of a result is
/// log p(continuation[i] | prompt, continuation[..i]), computed as a float32 log-softmax. Pairs are sorted by
/// length, left-padded into batches and run without gradients; only the continuation positions go through the
/// output projection. Batched results equal one-at-a-time results up to float rounding (tested within 1e-5).
/// </summary>
public static class ContinuationScorer
{
    public static IReadOnlyList<float[]> Score(
        CausalLM model,
        IReadOnlyList<ScoringPair> pairs,
        int batchSize = 8,
        CancellationToken cancellationToken = default,
        IProgress<int>? progress = null) =>
        [.. ScoreAll(model, pairs, 0, batchSize, cancellationToken, progress).Select(s => s.LogProbs)];

    /// <summary>
    /// As <see cref="Score"/>, plus the <paramref name="topK"/> most likely tokens at every continuation position,
    /// from the same float32 log-softmax (so a listed token's log-prob equals its entry in the log-probs).
    /// </summary>
    public static IReadOnlyList<ScoredContinuation> ScoreWithAlternatives(
        CausalLM model,
        IReadOnlyList<ScoringPair> pairs,
        int topK,
        int batchSize = 8,
        CancellationToken cancellationToken = default)
    {
        if (topK < 1)
            throw new ArgumentException($"top-k must be >= 1 (got {topK})");
        return ScoreAll(model, pairs, Math.Min(topK, model.Config.VocabSize), batchSize, cancellationToken, null);
    }

    private static ScoredContinuation[] ScoreAll(
        CausalLM model,
        IReadOnlyList<ScoringPair> pairs,
        int topK,
        int batchSize,
        CancellationToken cancellationToken,
        IProgress<int>? progress)
    {
        if (batchSize < 1)
            throw new ArgumentException($"batch size must be >= 1 (got {batchSize})");
        for (int i = 0; i < pairs.Count; i++)
        {
            if (pairs[i].Prompt.Length == 0)
                throw new ArgumentException($"pair {i}: the prompt is empty; the first continuation token needs at least one token before it");
            foreach (int id in pairs[i].Prompt.Concat(pairs[i].Continuation))
            {
                if (id < 0 || id >= model.Config.VocabSize)
                    throw new ArgumentException($"pair {i}: token id {id} is outside the vocabulary (0..{model.Config.VocabSize - 1})");
            }
        }
        var results = new ScoredContinuation[pairs.Count];
        var order = Enumerable.Range(0, pairs.Count).OrderBy(i => pairs[i].Prompt.Length + pairs[i].Continuation.Length).ToArray();
        using var noGrad = no_grad();
        int done = 0;
        for (int start = 0; start < order.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.Skip(start).Take(batchSize).ToArray();
            var scored = ScoreBatch(model, batch.Select(i => pairs[i]).ToArray(), topK);
            for (int j = 0; j < batch.Length; j++)
                results[batch[j]] = scored[j];
            done += batch.Length;
            progress?.Report(done);
        }
        return results;
    }

    private static ScoredContinuation[] ScoreBatch(CausalLM model, ScoringPair[] batch, int topK)
    {
        using var scope = NewDisposeScope();
        var sequences = batch.Select(p => p.Prompt.Concat(p.Continuation).ToArray()).ToArray();
        int length = sequences.Max(s => s.Length);
        int longest = batch.Max(p => p.Continuation.Length);
        var output = new ScoredContinuation[batch.Length];
        if (longest == 0)
            return [.. batch.Select(_ => new ScoredContinuation([], []))];
        var (ids, mask) = TextGenerator.LeftPad(sequences, length, 0, model.Device);
        var hidden = model.HiddenStates(ids, AttentionMasks.PositionIds(mask), mask);
        // Left padding puts every sequence's end at the last column, so the continuation predictions of all rows
        // lie in the last `longest` positions before it.
        var logits = model.Logits(hidden.narrow(1, length - 1 - longest, longest));
        var logProbs = CausalLM.LogProbsOf(logits, ids.narrow(1, length - longest, longest));
        var values = logProbs.cpu().data<float>().ToArray();
        TokenLogProb[][]? top = null;
        if (topK > 0)
        {
            // Same formula as LogProbsOf (logit - logsumexp), so listed tokens agree with the scored ones.
            var f = logits.to(ScalarType.Float32);
            var all = (f - f.logsumexp(-1, keepdim: true)).reshape(batch.Length * longest, -1);
            top = TextGenerator.TopAlternatives(all, topK);
        }
        for (int b = 0; b < batch.Length; b++)
        {
            int n = batch[b].Continuation.Length;
            int from = b * longest + longest - n;
            output[b] = new ScoredContinuation(values.AsSpan(from, n).ToArray(), top is null ? [] : top[from..(from + n)]);
        }
        return output;
    }
}
