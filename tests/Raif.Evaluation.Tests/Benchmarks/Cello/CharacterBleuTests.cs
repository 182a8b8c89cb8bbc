using Raif.Evaluation.Benchmarks.Cello;

namespace Raif.Evaluation.Tests.Benchmarks.Cello;

public sealed class CharacterBleuTests
{
    [Fact]
    public void Identical_strings_of_four_or_more_characters_score_one() =>
        Assert.Equal(1.0, CharacterBleu.Score("春天来了花开", "春天来了花开"), 1e-12);

    [Fact]
    public void No_shared_character_scores_exactly_zero() =>
        Assert.Equal(0.0, CharacterBleu.Score("abc", "xyz"));

    [Fact]
    public void Matching_prefix_with_a_missing_ngram_order_is_tiny_but_not_zero()
    {
        // hyp "ab", ref "abcd": p1 = 2/2, p2 = 1/1, p3 = p4 = 0 -> sys.float_info.min (method0);
        // exp(0.25*(2*ln 2.225e-308)) = exp(-354.198) ~ 1.5e-154, times BP exp(1 - 4/2) = e^-1.
        double expected = Math.Exp(-1) * Math.Exp(0.5 * Math.Log(2.2250738585072014E-308));
        double score = CharacterBleu.Score("ab", "abcd");
        Assert.True(score > 0);
        Assert.Equal(expected, score, expected * 1e-9);
    }

    [Fact]
    public void Clipped_counts_and_brevity_penalty_follow_nltk()
    {
        // hyp "aaaa" vs ref "aaab": unigrams clipped to 3 of 4, bigrams "aa" x3 clipped to 2 of 3,
        // trigrams "aaa" x2 clipped to 1 of 2, 4-gram "aaaa" 0 of 1 -> method0 min float; same length, BP = 1.
        double expected = Math.Exp(0.25 * (Math.Log(3.0 / 4) + Math.Log(2.0 / 3) + Math.Log(1.0 / 2) + Math.Log(2.2250738585072014E-308)));
        Assert.Equal(expected, CharacterBleu.Score("aaaa", "aaab"), expected * 1e-9);
    }
}
