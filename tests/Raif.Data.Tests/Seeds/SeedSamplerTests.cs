using Raif.Data.Seeds;

namespace Raif.Data.Tests.Seeds;

public sealed class SeedSamplerTests
{
    // Seeds 0-9 share the ability "writing"; seeds 10-19 each have their own.
    private static readonly IReadOnlyList<IReadOnlyList<string>?> Abilities =
        [.. Enumerable.Range(0, 20).Select(i => (IReadOnlyList<string>)(i < 10 ? ["writing"] : [$"skill {i}"]))];

    [Fact]
    public void A_quota_caps_every_ability_tag()
    {
        var sample = SeedSampler.Sample(Abilities, count: null, seed: 3, abilityQuota: 2);
        // All ten unique-skill seeds fit; of the ten writing seeds only two do, eight are passed over.
        Assert.Equal(12, sample.Chosen.Count);
        Assert.Equal(2, sample.Chosen.Count(i => i < 10));
        Assert.Equal(Enumerable.Range(10, 10), sample.Chosen.Where(i => i >= 10));
        Assert.Equal(8, sample.QuotaFull);
        Assert.Equal(0, sample.NotSampled);
    }

    [Fact]
    public void A_count_is_met_in_input_order_and_the_same_seed_gives_the_same_sample()
    {
        var first = SeedSampler.Sample(Abilities, count: 5, seed: 11, abilityQuota: 2);
        var again = SeedSampler.Sample(Abilities, count: 5, seed: 11, abilityQuota: 2);
        Assert.Equal(5, first.Chosen.Count);
        Assert.True(first.Chosen.Count(i => i < 10) <= 2);
        Assert.Equal(first.Chosen.Order(), first.Chosen);
        Assert.Equal(first.Chosen, again.Chosen);

        // Different seeds pick different subsets of 20 untagged seeds (C(20,5) = 15,504 subsets each).
        var untagged = Enumerable.Repeat<IReadOnlyList<string>?>(null, 20).ToList();
        var subsets = Enumerable.Range(1, 5).Select(s => string.Join(",", SeedSampler.Sample(untagged, 5, s, null).Chosen)).ToHashSet();
        Assert.True(subsets.Count >= 4, string.Join(" | ", subsets));
    }

    [Fact]
    public void Without_a_count_every_seed_is_kept()
    {
        var sample = SeedSampler.Sample(Abilities, count: null, seed: 1, abilityQuota: null);
        Assert.Equal(Enumerable.Range(0, 20), sample.Chosen);
    }
}
