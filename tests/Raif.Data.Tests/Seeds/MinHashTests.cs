using Raif.Data.Seeds;

namespace Raif.Data.Tests.Seeds;

public sealed class MinHashTests
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz";

    [Theory]
    // 3-shingles {abc,bcd,cde,def} vs {abc,bcd,cde,deg}: 3 shared of 5 distinct = 0.6.
    [InlineData("abcdef", "abcdeg", 0.6)]
    // 8 shingles each (abc..hij vs abc..ghi,hik): 7 shared of 9 distinct = 7/9.
    [InlineData("abcdefghij", "abcdefghik", 7.0 / 9)]
    // Case and whitespace runs do not count: the same single shingle set.
    [InlineData("Hello   World", "hello world", 1.0)]
    // {aaa} vs {aaa, aab}: 1 of 2.
    [InlineData("aaaa", "aaab", 0.5)]
    // No shared shingle.
    [InlineData("abcd", "wxyz", 0.0)]
    public void Exact_jaccard_of_shingle_sets_matches_the_hand_count(string a, string b, double expected)
    {
        double jaccard = MinHasher.Jaccard(MinHasher.Shingles(a, 3), MinHasher.Shingles(b, 3));
        Assert.Equal(expected, jaccard, 1e-12);
    }

    [Theory]
    [InlineData("abcdef", "abcdeg", 0.6)]
    [InlineData("abcdefghij", "abcdefghik", 7.0 / 9)]
    [InlineData("abcd", "wxyz", 0.0)]
    public void MinHash_estimates_the_exact_jaccard(string a, string b, double exact)
    {
        // 512 slots: the estimate's standard deviation is at most sqrt(0.25 / 512) ≈ 0.022; 0.08 is over 3.5 of them.
        var hasher = new MinHasher(permutations: 512, shingleSize: 3, seed: 7);
        double estimate = MinHasher.EstimateJaccard(hasher.Signature(hasher.Shingles(a)), hasher.Signature(hasher.Shingles(b)));
        Assert.InRange(estimate, exact - 0.08, exact + 0.08);
    }

    [Fact]
    public void Identical_texts_have_identical_signatures_and_the_seed_changes_them()
    {
        var one = new MinHasher(64, 5, seed: 1);
        var same = new MinHasher(64, 5, seed: 1);
        var other = new MinHasher(64, 5, seed: 2);
        string text = "Write a limerick about a cat who learns to code.";
        Assert.Equal(one.Signature(one.Shingles(text)), same.Signature(same.Shingles(text)));
        Assert.NotEqual(one.Signature(one.Shingles(text)), other.Signature(other.Shingles(text)));
    }

    [Fact]
    public void The_folded_modulus_equals_the_remainder()
    {
        var random = new Random(3);
        for (int i = 0; i < 10_000; i++)
        {
            UInt128 v = (UInt128)(ulong)random.NextInt64() * (ulong)random.NextInt64() + (ulong)random.NextInt64();
            Assert.Equal((ulong)(v % MinHasher.Prime), MinHasher.ModPrime(v));
        }
        Assert.Equal(0UL, MinHasher.ModPrime(MinHasher.Prime));
        Assert.Equal(0UL, MinHasher.ModPrime((UInt128)MinHasher.Prime * MinHasher.Prime));
        Assert.Equal(MinHasher.Prime - 1, MinHasher.ModPrime(MinHasher.Prime - 1));
    }

    [Theory]
    // 1 - (1 - 0.5^2)^2 = 1 - 0.75^2 = 0.4375
    [InlineData(2, 2, 0.5, 0.4375)]
    // 1 - (1 - 0.5)^3 = 0.875
    [InlineData(3, 1, 0.5, 0.875)]
    // 1 - (1 - 0.9^4)^1 = 0.6561
    [InlineData(1, 4, 0.9, 0.6561)]
    public void Lsh_candidate_probability_is_the_banding_s_curve(int bands, int rows, double s, double expected) =>
        Assert.Equal(expected, new LshBands(bands, rows).CandidateProbability(s), 1e-12);

    [Theory]
    [InlineData(0.8)]
    [InlineData(0.5)]
    public void Bands_for_a_threshold_fit_the_signature_and_separate_far_pairs(double threshold)
    {
        var bands = LshBands.ForThreshold(threshold, 128);
        Assert.True(bands.Bands * bands.Rows <= 128);
        Assert.True(bands.CandidateProbability(threshold - 0.3) < 0.1, $"{bands}: P({threshold - 0.3}) = {bands.CandidateProbability(threshold - 0.3)}");
        Assert.True(bands.CandidateProbability(Math.Min(1, threshold + 0.15)) > 0.9, $"{bands}");
    }

    [Fact]
    public void Near_duplicates_are_dropped_naming_the_kept_text()
    {
        string[] texts =
        [
            Alphabet,                                   // 0: kept
            "abcdefghijklmnopqrstuvwxy1",               // 1: 23 shared of 25 distinct 3-shingles with 0 = 0.92
            "abcdefghijklm0123456789!@#",               // 2: 11 shared (abc..klm) of 24 + 24 - 11 = 37: 0.297
            "bcdefghijklmnopqrstuvwxyz",                // 3: all 23 of its shingles are in 0's 24: 23/24 = 0.958
            "0123456789!@#$%^&*()",                     // 4: nothing shared with 0
        ];
        var hasher = new MinHasher(128, 3, seed: 1);

        var at80 = NearDuplicates.Find(texts, 0.8, hasher);
        Assert.Equal([null, 0, null, 0, null], at80.Select(m => m?.KeptIndex));
        Assert.Equal(23.0 / 25, at80[1]!.Value.Similarity, 1e-12);
        Assert.Equal(23.0 / 24, at80[3]!.Value.Similarity, 1e-12);

        // Candidates are confirmed by the exact similarity: 0.92 is below 0.95 whatever LSH proposes.
        var at95 = NearDuplicates.Find(texts, 0.95, hasher);
        Assert.Null(at95[1]);
    }

    [Fact]
    public void Lsh_finds_nearly_every_pair_well_above_the_threshold()
    {
        // 200 random 60-letter texts, each followed by a copy with its last two letters changed: of the 58
        // 3-shingles the two starting at positions 56 and 57 change, so (barring repeated shingles) the Jaccard
        // similarity is 56 / 60 = 0.933. With 14 bands of 9 rows (threshold 0.8) a pair at 0.933 is a candidate with
        // probability 1 - (1 - 0.933^9)^14 > 0.9999.
        var random = new Random(42);
        var texts = new List<string>();
        for (int i = 0; i < 200; i++)
        {
            var letters = Enumerable.Range(0, 60).Select(_ => (char)('a' + random.Next(26))).ToArray();
            texts.Add(new string(letters));
            letters[58] = letters[58] == 'z' ? 'y' : 'z';
            letters[59] = letters[59] == 'z' ? 'y' : 'z';
            texts.Add(new string(letters));
        }
        var hasher = new MinHasher(128, 3, seed: 1);
        Assert.Equal(new LshBands(14, 9), LshBands.ForThreshold(0.8, 128)); // also what a separate Python search over (b, r) gave
        var matches = NearDuplicates.Find(texts, 0.8, hasher);
        int found = Enumerable.Range(0, 200).Count(i => matches[2 * i + 1]?.KeptIndex == 2 * i);
        Assert.True(found >= 198, $"{found} of 200 pairs found");
        Assert.All(Enumerable.Range(0, 200), i => Assert.Null(matches[2 * i])); // unrelated random texts stay
    }
}
