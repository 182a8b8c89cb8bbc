using System.Runtime.CompilerServices;

namespace Raif.Verifiers.Language.Langdetect;

/// <summary>
/// Read-only map from an n-gram key (code points packed by <see cref="LangdetectProfiles"/>, never 0) to its row
/// offset: open addressing with linear probing, key and value side by side in one array at most half full, so a
/// lookup usually touches one cache line. Hand-written because the detector looks up three n-grams per character and
/// <see cref="Dictionary{TKey, TValue}"/> reads a bucket array and an entry array (two cache misses) for each.
/// </summary>
internal sealed class NGramRowTable
{
    private readonly Slot[] _slots;
    private readonly int _shift;

    public NGramRowTable(IReadOnlyDictionary<ulong, int> rows)
    {
        int bits = 4;
        while ((1 << bits) < 2 * rows.Count)
            bits++;
        _slots = new Slot[1 << bits];
        _shift = 64 - bits;
        foreach (var (key, row) in rows)
        {
            if (key == 0)
                throw new ArgumentException("n-gram key 0 is reserved for empty slots", nameof(rows));
            int i = Home(key);
            while (_slots[i].Key != 0)
                i = (i + 1) & (_slots.Length - 1);
            _slots[i] = new Slot(key, row);
        }
        Count = rows.Count;
    }

    public int Count { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetValue(ulong key, out int row)
    {
        var slots = _slots;
        int mask = slots.Length - 1;
        for (int i = Home(key); ; i = (i + 1) & mask)
        {
            ulong found = slots[i].Key;
            if (found == key)
            {
                row = slots[i].Row;
                return true;
            }
            if (found == 0)
            {
                row = 0;
                return false;
            }
        }
    }

    /// <summary>Fibonacci hashing: the top bits of the key times 2^64 / φ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);

    private readonly record struct Slot(ulong Key, int Row);
}
