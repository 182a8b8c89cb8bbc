using Raif.Modeling.Layers;
using Raif.Modeling.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Generation;

/// <summary>
/// Batched autoregressive generation with transformers' semantics: prompts are left-padded, position ids are
/// cumsum(attention_mask) - 1 (so a padded row behaves as the prompt alone), and each row ends on an end/stop
/// token, a stop string or the token budget. Finished rows leave the batch and the cache (transformers keeps
/// feeding them pad ids; the other rows' results are the same either way). Runs without gradients.
/// </summary>
public static class TextGenerator
{
    public static IReadOnlyList<GeneratedSequence> Generate(
        CausalLM model,
        IReadOnlyList<int[]> prompts,
        GenerationOptions options,
        HfTokenizer? tokenizer = null,
        CancellationToken cancellationToken = default,
        IProgress<GenerationProgress>? progress = null,
        IGenerationObserver? observer = null)
    {
        options.Validate();
        if (prompts.Count == 0)
            return [];
        for (int i = 0; i < prompts.Count; i++)
        {
            if (prompts[i].Length == 0)
                throw new ArgumentException($"prompt {i} is empty; generation needs at least one token");
            foreach (int id in prompts[i])
            {
                if (id < 0 || id >= model.Config.VocabSize)
                    throw new ArgumentException($"prompt {i}: token id {id} is outside the vocabulary (0..{model.Config.VocabSize - 1})");
            }
        }
        if (options.StopStrings.Count > 0 && tokenizer is null)
            throw new ArgumentException("stop strings need a tokenizer");

        int batch = prompts.Count;
        int pad = options.PadTokenId ?? tokenizer?.PadTokenId ?? (options.EosTokenIds.Count > 0 ? options.EosTokenIds[0] : 0);
        var stopIds = new HashSet<int>(options.StopTokenIds);
        if (!options.IgnoreEos)
            stopIds.UnionWith(options.EosTokenIds);

        var tokens = new List<int>[batch];
        var logProbs = new List<float>[batch];
        int topK = Math.Min(options.TopLogProbs, model.Config.VocabSize);
        var alternatives = topK > 0 ? new List<TokenLogProb[]>[batch] : null;
        var finished = new FinishReason?[batch];
        var decodedLength = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            tokens[b] = [];
            logProbs[b] = [];
            alternatives?[b] = [];
        }
        if (options.MaxNewTokens == 0)
            return Results(tokens, logProbs, alternatives, finished, FinishReason.Length);

        using var noGrad = no_grad();
        using var outer = NewDisposeScope();
        var device = model.Device;
        int promptLength = prompts.Max(p => p.Length);
        var (ids, mask) = LeftPad(prompts, promptLength, pad, device);
        using var generator = new Generator(options.Seed ?? (ulong)Random.Shared.NextInt64(), device);
        Tensor? seen = options.Sampling.RepetitionPenalty != 1.0 ? SeenTokens(prompts, model.Config.VocabSize, device) : null;

        // Repeated prompts (GRPO's n samples of one prompt) are prefilled once; the cache rows are copied to every row
        // after the prefill, and the logits likewise, so sampling draws from the same [batch, vocab] tensor as before.
        var repeated = options.UseCache && options.ReuseRepeatedPrompts ? RepeatedPrompts.Find(prompts) : null;
        long prefillRows = repeated?.Distinct.Count ?? batch;
        long prefilledTokens = prefillRows * promptLength;
        using var cache = options.UseCache ? new KvCache(model.Config, prefillRows, promptLength + options.MaxNewTokens, model.DType, device) : null;
        Tensor lastPositions = AttentionMasks.PositionIds(mask).narrow(1, promptLength - 1, 1);
        var (stepInput, prefillMask) = repeated is null ? (ids, mask) : LeftPad(repeated.Distinct, promptLength, pad, device);
        Tensor stepPositions = AttentionMasks.PositionIds(prefillMask);
        // Rows still generating, as indices into the caller's prompts. Finished rows leave the batch (and the cache),
        // so long generations do not keep paying for sequences that already ended.
        int[] rows = [.. Enumerable.Range(0, batch)];

        for (int step = 0; step < options.MaxNewTokens; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            Tensor hidden = options.UseCache
                ? model.HiddenStates(stepInput, stepPositions, step == 0 ? prefillMask : mask, cache)
                : model.HiddenStates(ids, AttentionMasks.PositionIds(mask), mask);
            var logits = model.Logits(hidden.narrow(1, hidden.shape[1] - 1, 1).squeeze(1)).to(ScalarType.Float32);
            if (step == 0 && repeated is not null)
            {
                var expand = tensor(repeated.RowToDistinct, device: device);
                logits = logits.index_select(0, expand);
                cache!.SelectRows(expand);
            }
            var rawLogProbs = logits.log_softmax(-1);

            var next = Choose(logits, seen, options.Sampling, generator);
            var chosenLogProbs = rawLogProbs.gather(-1, next.unsqueeze(-1)).squeeze(-1);

            long[] nextIds = next.cpu().data<long>().ToArray();
            float[] nextLogProbs = chosenLogProbs.cpu().data<float>().ToArray();
            TokenLogProb[][]? stepAlternatives = topK > 0 ? TopAlternatives(rawLogProbs, topK) : null;
            var keep = new List<long>(rows.Length);
            for (int r = 0; r < rows.Length; r++)
            {
                int b = rows[r];
                int id = (int)nextIds[r];
                tokens[b].Add(id);
                logProbs[b].Add(nextLogProbs[r]);
                alternatives?[b].Add(stepAlternatives![r]);
                if (stopIds.Contains(id) || HitsStopString(tokenizer, options.StopStrings, tokens[b], ref decodedLength[b]))
                    finished[b] = FinishReason.Stop;
                var ended = observer?.OnToken(b, id, nextLogProbs[r], stepAlternatives is null ? [] : stepAlternatives[r], finished[b]);
                finished[b] ??= ended;
                if (finished[b] is null)
                    keep.Add(r);
            }
            progress?.Report(new GenerationProgress(step + 1, batch - keep.Count, batch, prefilledTokens));
            if (keep.Count == 0)
                break;

            // Next step's inputs: each row's chosen token, attended to from now on. The previous step's tensors are
            // disposed as they are replaced, so memory stays flat over long runs.
            var nextColumn = next.unsqueeze(1);
            mask = Replace(mask, cat([mask, ones([rows.Length, 1], mask.dtype, device)], 1));
            if (!options.UseCache)
                ids = Replace(ids, cat([ids, nextColumn], 1));
            lastPositions = Replace(lastPositions, lastPositions + 1);
            if (seen is not null)
                seen = Replace(seen, seen.scatter(1, nextColumn, ones_like(nextColumn, ScalarType.Bool)));
            if (keep.Count < rows.Length)
            {
                var index = tensor(keep.ToArray(), device: device);
                mask = Replace(mask, mask.index_select(0, index));
                if (!options.UseCache)
                    ids = Replace(ids, ids.index_select(0, index));
                lastPositions = Replace(lastPositions, lastPositions.index_select(0, index));
                if (seen is not null)
                    seen = Replace(seen, seen.index_select(0, index));
                nextColumn = nextColumn.index_select(0, index);
                cache?.SelectRows(index);
                rows = [.. keep.Select(r => rows[(int)r])];
            }
            stepInput = nextColumn.MoveToOuterDisposeScope();
            stepPositions = lastPositions;
        }
        return Results(tokens, logProbs, alternatives, finished, FinishReason.Length);
    }

    /// <summary>The <paramref name="k"/> largest log-probs of each row, best first.</summary>
    internal static TokenLogProb[][] TopAlternatives(Tensor logProbs, int k)
    {
        var (values, indices) = logProbs.topk(k, dim: -1, largest: true, sorted: true);
        float[] v = values.cpu().data<float>().ToArray();
        long[] ix = indices.cpu().data<long>().ToArray();
        int rows = (int)logProbs.shape[0];
        var result = new TokenLogProb[rows][];
        for (int r = 0; r < rows; r++)
        {
            result[r] = new TokenLogProb[k];
            for (int j = 0; j < k; j++)
                result[r][j] = new TokenLogProb((int)ix[r * k + j], v[r * k + j]);
        }
        return result;
    }

    private static Tensor Replace(Tensor old, Tensor replacement)
    {
        replacement.MoveToOuterDisposeScope();
        old.Dispose();
        return replacement;
    }

    internal static Tensor Choose(Tensor logits, Tensor? seen, SamplingOptions sampling, Generator generator)
    {
        var scores = logits;
        if (seen is not null)
            scores = LogitsWarpers.RepetitionPenalty(scores, seen, sampling.RepetitionPenalty);
        if (!sampling.DoSample)
            return scores.argmax(-1);
        if (sampling.Temperature != 1.0)
            scores = scores / sampling.Temperature;
        if (sampling.TopK > 0)
            scores = LogitsWarpers.TopK(scores, sampling.TopK);
        if (sampling.TopP < 1.0)
            scores = LogitsWarpers.TopP(scores, sampling.TopP);
        return multinomial(scores.softmax(-1), 1, generator: generator).squeeze(-1);
    }

    /// <summary>
    /// True when the generated text now contains a stop string that ends inside the newest token's text (an
    /// earlier occurrence would already have stopped the row).
    /// </summary>
    private static bool HitsStopString(HfTokenizer? tokenizer, IReadOnlyList<string> stops, List<int> tokens, ref int previousLength)
    {
        if (stops.Count == 0 || tokenizer is null)
            return false;
        string text = tokenizer.Decode(tokens);
        int before = previousLength;
        previousLength = text.Length;
        foreach (var stop in stops)
        {
            if (stop.Length == 0)
                continue;
            int from = Math.Max(0, before - stop.Length + 1);
            if (text.IndexOf(stop, from, StringComparison.Ordinal) >= 0)
                return true;
        }
        return false;
    }

    internal static (Tensor Ids, Tensor Mask) LeftPad(IReadOnlyList<int[]> rows, int length, int pad, Device device)
    {
        var ids = new long[rows.Count * length];
        var mask = new long[rows.Count * length];
        for (int b = 0; b < rows.Count; b++)
        {
            int offset = length - rows[b].Length;
            for (int t = 0; t < length; t++)
            {
                bool real = t >= offset;
                ids[b * length + t] = real ? rows[b][t - offset] : pad;
                mask[b * length + t] = real ? 1 : 0;
            }
        }
        return (tensor(ids, [rows.Count, length], device: device), tensor(mask, [rows.Count, length], device: device));
    }

    internal static Tensor SeenTokens(IReadOnlyList<int[]> prompts, int vocab, Device device)
    {
        var seen = new bool[prompts.Count * vocab];
        for (int b = 0; b < prompts.Count; b++)
        {
            foreach (int id in prompts[b])
                seen[b * vocab + id] = true;
        }
        return tensor(seen, [prompts.Count, vocab], device: device);
    }

    private static List<GeneratedSequence> Results(
        List<int>[] tokens, List<float>[] logProbs, List<TokenLogProb[]>[]? alternatives, FinishReason?[] finished, FinishReason otherwise) =>
        [.. tokens.Select((t, b) => new GeneratedSequence([.. t], [.. logProbs[b]], finished[b] ?? otherwise)
        {
            TopLogProbs = alternatives is null ? null : [.. alternatives[b]],
        })];
}
