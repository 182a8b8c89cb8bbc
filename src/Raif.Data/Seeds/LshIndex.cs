using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Raif.Data.Seeds;

/// <summary>
/// Locality-sensitive hashing over MinHash signatures: each band of a signature is hashed into a bucket; texts that
/// share a bucket in any band are candidates, to be confirmed by their real similarity.
/// </summary>
public sealed class LshIndex(LshBands bands)
{
    private readonly Dictionary<(int Band, ulong Key), List<int>> _buckets = [];

    public LshBands Bands => bands;

    public void Add(int item, ReadOnlySpan<ulong> signature)
    {
        for (int band = 0; band < bands.Bands; band++)
        {
            var key = (band, BandKey(signature, band));
            if (!_buckets.TryGetValue(key, out var items))
                _buckets[key] = items = [];
            items.Add(item);
        }
    }

    /// <summary>The items sharing at least one band with <paramref name="signature"/>, in ascending order.</summary>
    public IReadOnlyList<int> Candidates(ReadOnlySpan<ulong> signature)
    {
        var found = new SortedSet<int>();
        for (int band = 0; band < bands.Bands; band++)
        {
            if (_buckets.TryGetValue((band, BandKey(signature, band)), out var items))
                found.UnionWith(items);
        }
        return [.. found];
    }

    private ulong BandKey(ReadOnlySpan<ulong> signature, int band) =>
        XxHash64.HashToUInt64(MemoryMarshal.AsBytes(signature.Slice(band * bands.Rows, bands.Rows)));
}
