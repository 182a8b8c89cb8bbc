using Raif.Core.Records;

namespace Raif.Training.Data;

/// <summary>Where the trainer is in its data: the RL prompt order is re-derived from (seed, episode), so this is all a resume needs.</summary>
public readonly record struct DataCursor(int Episode, int PromptIndex, int SftEpoch, int SftIndex);

/// <summary>
/// RL prompts in a shuffled order per episode. The order is a pure function of the seed and the episode, so a
/// resumed run continues from a cursor with no random-generator state to save.
/// </summary>
public sealed class PromptStream(IReadOnlyList<RlPrompt> prompts, int seed)
{
    private int _orderEpisode = -1;
    private int[] _order = [];

    public int Count => prompts.Count;

    /// <summary>The next <paramref name="count"/> prompts, advancing (and wrapping episodes in) the cursor.</summary>
    public IReadOnlyList<RlPrompt> Next(int count, ref DataCursor cursor)
    {
        var batch = new List<RlPrompt>(count);
        while (batch.Count < count)
        {
            if (cursor.PromptIndex >= prompts.Count)
                cursor = cursor with { Episode = cursor.Episode + 1, PromptIndex = 0 };
            batch.Add(prompts[Order(cursor.Episode)[cursor.PromptIndex]]);
            cursor = cursor with { PromptIndex = cursor.PromptIndex + 1 };
        }
        return batch;
    }

    private int[] Order(int episode)
    {
        if (episode != _orderEpisode)
        {
            _order = Shuffle.Permutation(prompts.Count, Shuffle.Seed(seed, episode, 0x9e37));
            _orderEpisode = episode;
        }
        return _order;
    }
}

/// <summary>Deterministic shuffles and derived seeds (Fisher–Yates over System.Random, whose seeded sequence is stable).</summary>
public static class Shuffle
{
    public static int[] Permutation(int n, int seed)
    {
        var order = Enumerable.Range(0, n).ToArray();
        var random = new Random(seed);
        for (int i = n - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>A 31-bit seed mixed from a base seed and two counters (SplitMix64 finaliser).</summary>
    public static int Seed(int baseSeed, long a, long b)
    {
        ulong z = unchecked((ulong)baseSeed * 0x9E3779B97F4A7C15UL + (ulong)a * 0xBF58476D1CE4E5B9UL + (ulong)b * 0x94D049BB133111EBUL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
