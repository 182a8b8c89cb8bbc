using System.IO.Hashing;
using System.Runtime.InteropServices;
using Raif.Data.Evolution;

namespace Raif.Data.Seeds;

/// <summary>
/// MinHash over character shingles. Hand-written: no served NuGet package offers MinHash/LSH, and the scheme is short.
/// A text is lower-cased, its whitespace collapsed, and cut into overlapping <see cref="ShingleSize"/>-character
/// shingles (a shorter text is one shingle), each hashed with XxHash64. Permutation i is
/// <c>h_i(x) = (a_i·x + b_i) mod (2^61 − 1)</c> with a_i, b_i drawn from a fixed seed (the universal hashing
/// datasketch uses), so signatures are the same on every run and machine. The fraction of equal signature slots
/// estimates the Jaccard similarity of the shingle sets.
/// </summary>
public sealed class MinHasher
{
    /// <summary>The Mersenne prime 2^61 − 1, the modulus of the permutations.</summary>
    public const ulong Prime = (1UL << 61) - 1;

    private readonly ulong[] _a;
    private readonly ulong[] _b;

    public MinHasher(int permutations = 128, int shingleSize = 5, long seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(shingleSize, 1);
        Permutations = permutations;
        ShingleSize = shingleSize;
        _a = new ulong[permutations];
        _b = new ulong[permutations];
        var random = SplitMix64.For(seed, 0);
        for (int i = 0; i < permutations; i++)
        {
            _a[i] = 1 + random.NextUInt64() % (Prime - 1);
            _b[i] = random.NextUInt64() % Prime;
        }
    }

    public int Permutations { get; }

    public int ShingleSize { get; }

    /// <summary>The hashed shingles of <paramref name="text"/>.</summary>
    public HashSet<ulong> Shingles(string text) => Shingles(text, ShingleSize);

    public static HashSet<ulong> Shingles(string text, int shingleSize)
    {
        string s = Canonical(text);
        var shingles = new HashSet<ulong>();
        if (s.Length <= shingleSize)
        {
            shingles.Add(Hash(s));
            return shingles;
        }
        for (int i = 0; i + shingleSize <= s.Length; i++)
            shingles.Add(Hash(s.AsSpan(i, shingleSize)));
        return shingles;
    }

    /// <summary>The MinHash signature of a shingle set: per permutation, the least permuted hash.</summary>
    public ulong[] Signature(IReadOnlyCollection<ulong> shingles)
    {
        var signature = new ulong[Permutations];
        Array.Fill(signature, ulong.MaxValue);
        foreach (ulong shingle in shingles)
        {
            ulong x = shingle % Prime;
            for (int i = 0; i < signature.Length; i++)
            {
                ulong h = ModPrime((UInt128)_a[i] * x + _b[i]);
                if (h < signature[i])
                    signature[i] = h;
            }
        }
        return signature;
    }

    /// <summary>v mod 2^61 − 1 without a 128-bit division: 2^61 ≡ 1, so the high part folds onto the low part.</summary>
    internal static ulong ModPrime(UInt128 v)
    {
        UInt128 folded = (v & Prime) + (v >> 61);      // < 2^61 + 2^67
        folded = (folded & Prime) + (folded >> 61);    // < 2^61 + 2^6 + 1
        ulong r = (ulong)folded;
        return r >= Prime ? r - Prime : r;
    }

    /// <summary>The share of equal slots: an unbiased estimate of the Jaccard similarity.</summary>
    public static double EstimateJaccard(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException("signatures of different lengths");
        int equal = 0;
        for (int i = 0; i < a.Length; i++)
            equal += a[i] == b[i] ? 1 : 0;
        return (double)equal / a.Length;
    }

    /// <summary>|A ∩ B| / |A ∪ B| of two shingle sets (1 for two empty sets).</summary>
    public static double Jaccard(IReadOnlySet<ulong> a, IReadOnlySet<ulong> b)
    {
        if (a.Count == 0 && b.Count == 0)
            return 1;
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        int common = small.Count(large.Contains);
        return (double)common / (a.Count + b.Count - common);
    }

    /// <summary>Lower-cased (invariant), whitespace runs as one space, trimmed: near-duplicates that differ only there hash alike.</summary>
    internal static string Canonical(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                if (!space)
                    sb.Append(' ');
                space = true;
                continue;
            }
            space = false;
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    private static ulong Hash(ReadOnlySpan<char> shingle) => XxHash64.HashToUInt64(MemoryMarshal.AsBytes(shingle));
}
