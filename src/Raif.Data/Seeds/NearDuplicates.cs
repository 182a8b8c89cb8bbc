namespace Raif.Data.Seeds;

/// <summary>A dropped text's match: the index of the kept text it duplicates and their similarity.</summary>
public readonly record struct DuplicateMatch(int KeptIndex, double Similarity);

/// <summary>
/// Near-duplicate removal by MinHash/LSH over character shingles. Texts are taken in order; each is compared with
/// the kept texts that share an LSH band with it, by the exact Jaccard similarity of their shingle sets (LSH only
/// finds candidates), and dropped when one reaches the threshold: the match is the most similar kept text (the
/// earliest on a tie). So the first of a group of near-duplicates is kept, and every drop names what it duplicates.
/// </summary>
public static class NearDuplicates
{
    /// <summary>Per text, null when kept, else the kept text it duplicates.</summary>
    public static DuplicateMatch?[] Find(
        IReadOnlyList<string> texts, double threshold, MinHasher hasher, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var index = new LshIndex(LshBands.ForThreshold(threshold, hasher.Permutations));
        // Shingles and signatures are independent per text: computed in parallel, then the order-dependent pass.
        var allShingles = new HashSet<ulong>[texts.Count];
        var signatures = new ulong[texts.Count][];
        Parallel.For(0, texts.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            allShingles[i] = hasher.Shingles(texts[i]);
            signatures[i] = hasher.Signature(allShingles[i]);
        });
        var shingles = new HashSet<ulong>?[texts.Count];
        var matches = new DuplicateMatch?[texts.Count];
        for (int i = 0; i < texts.Count; i++)
        {
            if ((i & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(i);
            }
            var mine = allShingles[i];
            var signature = signatures[i];
            DuplicateMatch? best = null;
            foreach (int kept in index.Candidates(signature))
            {
                double similarity = MinHasher.Jaccard(mine, shingles[kept]!);
                if (similarity >= threshold && (best is null || similarity > best.Value.Similarity))
                    best = new DuplicateMatch(kept, similarity);
            }
            if (best is null)
            {
                index.Add(i, signature);
                shingles[i] = mine;
            }
            matches[i] = best;
        }
        progress?.Report(texts.Count);
        return matches;
    }
}
