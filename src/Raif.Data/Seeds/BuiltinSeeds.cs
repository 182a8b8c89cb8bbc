using Raif.Data.Resources;
using Raif.Data.Stages;

namespace Raif.Data.Seeds;

/// <summary>
/// The seed instructions shipped with Raif (Resources/builtin-seeds-*.txt): everyday tasks in English and Chinese,
/// written for Raif, so that <c>raif data evolve --offline</c> works with no input. Chinese lines carry their
/// keywords after a tab (only those that occur in the seed are kept).
/// </summary>
public static class BuiltinSeeds
{
    private static readonly Lazy<IReadOnlyList<Seed>> All = new(Load);

    public static IReadOnlyList<Seed> Seeds => All.Value;

    private static IReadOnlyList<Seed> Load()
    {
        var seeds = new List<Seed>();
        foreach (var (file, language) in new[] { ("builtin-seeds-en.txt", Seed.English), ("builtin-seeds-zh.txt", Seed.Chinese) })
        {
            foreach (var raw in DataResources.ReadText(file).Split('\n'))
            {
                string line = raw.TrimEnd('\r');
                if (line.Length == 0)
                    continue;
                var parts = line.Split('\t');
                string text = parts[0];
                IReadOnlyList<string> words = parts.Length > 1
                    ? [.. parts[1].Split(',').Where(w => w.Length > 0 && text.Contains(w, StringComparison.Ordinal)).Distinct()]
                    : SeedWords.Extract(text, language);
                seeds.Add(new Seed(ContentId.Of("seed", text), text, language, words));
            }
        }
        return seeds;
    }
}
