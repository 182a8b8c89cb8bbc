using Raif.Data.Evolution;

namespace Raif.Data.Seeds;

/// <summary>Which seeds a sample took (ascending input positions) and how many it passed over, and why.</summary>
public sealed record SeedSample(IReadOnlyList<int> Chosen, int QuotaFull, int NotSampled);

/// <summary>
/// Reproducible random sampling to a count, optionally with per-ability-tag quotas (spec §3.1 step 4: diversity).
/// The seeds are shuffled by a SplitMix64 generator from the seed (the same seed and input give the same sample on
/// every machine) and taken in that order; with a quota, a seed is passed over when any of its ability tags already
/// has <c>quota</c> seeds, so no skill dominates the sample. The chosen seeds keep their input order.
/// </summary>
public static class SeedSampler
{
    public static SeedSample Sample(IReadOnlyList<IReadOnlyList<string>?> abilities, int? count, long seed, int? abilityQuota)
    {
        if (count < 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, "the count must not be negative");
        if (abilityQuota < 1)
            throw new ArgumentOutOfRangeException(nameof(abilityQuota), abilityQuota, "the ability quota must be at least 1");
        int limit = count ?? abilities.Count;
        var order = SplitMix64.For(seed, 0).Shuffled(Enumerable.Range(0, abilities.Count));
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        var chosen = new List<int>();
        int quotaFull = 0, visited = 0;
        foreach (int i in order)
        {
            if (chosen.Count == limit)
                break;
            visited++;
            var tags = abilities[i] ?? [];
            if (abilityQuota is { } quota && tags.Any(t => used.GetValueOrDefault(t) >= quota))
            {
                quotaFull++;
                continue;
            }
            foreach (var tag in tags.Distinct())
                used[tag] = used.GetValueOrDefault(tag) + 1;
            chosen.Add(i);
        }
        chosen.Sort();
        return new SeedSample(chosen, quotaFull, abilities.Count - visited);
    }
}
