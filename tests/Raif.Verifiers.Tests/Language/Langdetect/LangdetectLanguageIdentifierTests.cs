using Raif.Verifiers.Language;
using Raif.Verifiers.Language.Langdetect;

namespace Raif.Verifiers.Tests.Language.Langdetect;

public class LangdetectLanguageIdentifierTests
{
    private static readonly LangdetectLanguageIdentifier Detector = LangdetectLanguageIdentifier.Default;

    [Fact]
    public void The_profiles_are_langdetects_55_languages_in_name_order()
    {
        Assert.Equal(LangdetectCodes.All.OrderBy(c => c, StringComparer.Ordinal), Detector.Languages);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345 !!! ???")]
    [InlineData("   \n\t")]
    [InlineData("https://example.com/only-a-url")]
    public void Text_without_features_is_a_detector_failure(string text) => Assert.Null(Detector.Detect(text));

    [Fact]
    public void Detection_is_deterministic_across_threads()
    {
        string[] texts =
        [
            "This is an ordinary English sentence about the weather today.",
            "Das ist ein ganz normaler deutscher Satz über das Wetter heute.",
            "Ceci est une phrase française tout à fait ordinaire sur la météo.",
            "coastal elegance properties", // a close call: Spanish 0.72, Italian 0.28 with seed 0
        ];
        var expected = texts.Select(Detector.Detect).ToArray();
        var results = new string?[64];
        Parallel.For(0, results.Length, i => results[i] = Detector.Detect(texts[i % texts.Length]));
        for (int i = 0; i < results.Length; i++)
            Assert.Equal(expected[i % texts.Length], results[i]);
        Assert.Equal(new string?[] { "en", "de", "fr", "es" }, expected);
    }

    [Fact]
    public void Another_seed_draws_other_ngrams()
    {
        // A close call depends on the draw; clear texts do not.
        var seeded = Enumerable.Range(1, 8).Select(s => new LangdetectLanguageIdentifier((uint)s)).ToList();
        Assert.All(seeded, d => Assert.Equal("en", d.Detect("This is an ordinary English sentence about the weather today.")));
        var close = seeded.Select(d => d.Probabilities("coastal elegance properties")!).ToList();
        Assert.True(close.Select(p => p[Detector.Languages.ToList().IndexOf("es")]).Distinct().Count() > 1);
    }

    [Fact]
    public void Urls_and_mail_addresses_are_ignored()
    {
        var plain = Detector.Probabilities("Bonjour tout le monde, comment allez-vous aujourd'hui ?")!;
        var withLinks = Detector.Probabilities("Bonjour tout le monde, https://www.example.com/english/words comment allez-vous aujourd'hui someone@example.org ?")!;
        Assert.Equal(plain, withLinks);
    }
}
