using Raif.Tests.Shared;
using Raif.Verifiers.Nltk;

namespace Raif.Verifiers.Tests.Nltk;

/// <summary>
/// The averaged-perceptron tagger against NLTK 3.8's <c>nltk.pos_tag</c> on the word tokens of the 541 IFEval
/// prompts (tests/data/nltk/pos_oracle_ifeval_prompts.jsonl): every tag must be equal.
/// </summary>
public class PerceptronTaggerOracleTests
{
    [Fact]
    public void Reproduces_every_tag_of_the_prompt_oracle()
    {
        int lines = 0, tags = 0;
        var differences = new List<string>();
        foreach (var line in TestData.ReadJsonl(TestDataFolder.Committed("nltk", "pos_oracle_ifeval_prompts.jsonl")))
        {
            lines++;
            var tokens = line.GetProperty("tokens").EnumerateArray().Select(e => e.GetString()!).ToList();
            var expected = line.GetProperty("tags").EnumerateArray().Select(e => e.GetString()!).ToList();
            var actual = PerceptronTagger.English.Tag(tokens);
            tags += expected.Count;
            for (int i = 0; i < expected.Count; i++)
            {
                if (expected[i] != actual[i])
                    differences.Add($"key {line.GetProperty("key")} token {i} '{tokens[i]}': NLTK {expected[i]}, Raif {actual[i]}");
            }
        }
        Assert.Equal(541, lines);
        Assert.True(tags > 20_000, $"only {tags} tags in the oracle");
        Assert.Empty(differences);
    }

    [Fact]
    public void A_limited_run_gives_the_same_first_tags_as_a_full_run()
    {
        string[] tokens = ["Write", "a", "poem", "about", "the", "sea", "."];
        var full = PerceptronTagger.English.Tag(tokens);
        Assert.Equal(full[..2], PerceptronTagger.English.Tag(tokens, limit: 2));
    }

    [Theory]
    [InlineData("well-known", "!HYPHEN")]
    [InlineData("-5", "-5")]
    [InlineData("1999", "!YEAR")]
    [InlineData("19999", "!DIGITS")]
    [InlineData("3rd", "!DIGITS")]
    [InlineData("Hello", "hello")]
    public void Normalizes_words_as_nltk_does(string word, string expected) =>
        // PerceptronTagger.normalize: '-' anywhere but first -> !HYPHEN; 4 digits -> !YEAR; digit first -> !DIGITS; else lower
        // (so "-5", which starts with '-', is only lower-cased).
        Assert.Equal(expected, PerceptronTagger.Normalize(word));
}
