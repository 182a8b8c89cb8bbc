using Raif.Data.Seeds;

namespace Raif.Data.Tests.Seeds;

public sealed class BuiltinSeedsTests
{
    [Fact]
    public void There_are_a_few_hundred_distinct_seeds_in_english_and_chinese_each_with_words_of_its_own_text()
    {
        var seeds = BuiltinSeeds.Seeds;
        Assert.InRange(seeds.Count, 200, 1000);
        Assert.Equal(seeds.Count, seeds.Select(s => s.Text).Distinct().Count());
        Assert.Equal(seeds.Count, seeds.Select(s => s.Id).Distinct().Count());
        Assert.True(seeds.Count(s => s.Language == Seed.English) >= 100);
        Assert.True(seeds.Count(s => s.Language == Seed.Chinese) >= 100);
        foreach (var seed in seeds)
        {
            Assert.Equal(seed.Language, SeedWords.GuessLanguage(seed.Text));
            Assert.True(seed.Words.Count >= 2, seed.Text);
            Assert.All(seed.Words, w => Assert.Contains(w, seed.Text, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void English_words_skip_short_and_function_words()
    {
        // "Write", "a", "to", "my", "on" and "who" are too short or function words.
        Assert.Equal(["thank", "note", "neighbor", "watered", "plants"],
            SeedWords.Extract("Write a thank-you note to a neighbor who watered my plants while I was away.", Seed.English));
    }
}
