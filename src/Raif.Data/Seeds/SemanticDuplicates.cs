namespace Raif.Data.Seeds;

/// <summary>
/// Semantic dedup: texts are embedded (in batches) and taken in order; one whose cosine similarity to a kept text
/// reaches the threshold is dropped as a duplicate of the most similar kept text. Every text is compared with every
/// kept one (exact, quadratic): fine for tens of thousands of seeds, slow for millions.
/// </summary>
public static class SemanticDuplicates
{
    public static DuplicateMatch?[] Find(
        IReadOnlyList<string> texts, double threshold, ISentenceEmbedder embedder, int batchSize = 64,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!(threshold is > -1 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "the cosine threshold must be in (-1, 1]");
        var vectors = new float[texts.Count][];
        for (int start = 0; start < texts.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = texts.Skip(start).Take(batchSize).ToList();
            var embedded = embedder.Embed(batch, cancellationToken);
            if (embedded.Length != batch.Count)
                throw new InvalidOperationException($"the embedder returned {embedded.Length} vectors for {batch.Count} texts");
            embedded.CopyTo(vectors, start);
            progress?.Report(start + batch.Count);
        }

        var kept = new List<int>();
        var matches = new DuplicateMatch?[texts.Count];
        for (int i = 0; i < texts.Count; i++)
        {
            DuplicateMatch? best = null;
            foreach (int k in kept)
            {
                double cosine = System.Numerics.Tensors.TensorPrimitives.Dot(vectors[i], vectors[k]);
                if (cosine >= threshold && (best is null || cosine > best.Value.Similarity))
                    best = new DuplicateMatch(k, cosine);
            }
            if (best is null)
                kept.Add(i);
            matches[i] = best;
        }
        return matches;
    }
}
