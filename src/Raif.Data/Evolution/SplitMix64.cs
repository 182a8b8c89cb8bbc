namespace Raif.Data.Evolution;

/// <summary>
/// A small seeded generator (SplitMix64). Hand-written rather than <see cref="Random"/> because the output files
/// must be byte-identical for a seed on every .NET version, and <see cref="Random"/>'s seeded sequence is not a
/// documented contract.
/// </summary>
internal sealed class SplitMix64(ulong state)
{
    private ulong _state = state;

    /// <summary>A generator for one item of a run: independent streams per (seed, index).</summary>
    public static SplitMix64 For(long seed, long index) => new(Mix((ulong)seed * 0x9E3779B97F4A7C15UL ^ Mix((ulong)index + 0x632BE59BD9B4E019UL)));

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, maxExclusive).</summary>
    public int Next(int maxExclusive)
    {
        if (maxExclusive <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxExclusive));
        return (int)(NextUInt64() % (ulong)maxExclusive); // bias below 2^-32 for the small ranges used here
    }

    /// <summary>Uniform in [min, max] (both inclusive).</summary>
    public long Between(long min, long max) => min + Next((int)(max - min + 1));

    public bool Chance(double p) => (NextUInt64() >> 11) * (1.0 / (1UL << 53)) < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    public List<T> Shuffled<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
