using Raif.Verifiers.Language;

namespace Raif.Verifiers.Tests.Language;

/// <summary>Lingua reported with langdetect's codes. Expected codes are what langdetect (seed 0) also reports for these texts.</summary>
public class LanguageIdentifierTests
{
    private static readonly ILanguageIdentifier Detector = LinguaLanguageIdentifier.Default;

    [Theory]
    [InlineData("This is an ordinary English sentence about the weather today.", "en")]
    [InlineData("Das ist ein ganz normaler deutscher Satz über das Wetter heute.", "de")]
    [InlineData("오늘은 날씨가 정말 좋습니다. 우리는 공원에 산책을 갔습니다.", "ko")]
    [InlineData("यह हिंदी में लिखा गया एक वाक्य है। आज मौसम बहुत अच्छा है और हम पार्क में घूमने गए।", "hi")]
    [InlineData("Hôm nay trời rất đẹp và chúng tôi đi dạo trong công viên.", "vi")]
    [InlineData("I dag er været veldig fint, og vi gikk en tur i parken sammen med barna.", "no")] // Bokmål -> langdetect's "no"
    public void Reports_langdetect_codes(string text, string code) => Assert.Equal(code, Detector.Detect(text));

    [Theory]
    [InlineData("ಇದು ಕನ್ನಡದಲ್ಲಿ ಬರೆದ ಒಂದು ವಾಕ್ಯ. ಇಂದು ಹವಾಮಾನ ತುಂಬಾ ಚೆನ್ನಾಗಿದೆ.", "kn")]
    [InlineData("ഇത് മലയാളത്തിൽ എഴുതിയ ഒരു വാക്യമാണ്. ഇന്ന് കാലാവസ്ഥ വളരെ നല്ലതാണ്.", "ml")]
    public void Kannada_and_malayalam_which_lingua_lacks_come_from_their_scripts(string text, string code) =>
        Assert.Equal(code, Detector.Detect(text));

    [Theory]
    [InlineData("我们今天去公园散步，天气非常好，大家都很开心。这个国家的经济发展很快。", "zh-cn")] // 们 这 个 国 经 发 样: simplified-only
    [InlineData("我們今天去公園散步，天氣非常好，大家都很開心。這個國家的經濟發展很快。", "zh-tw")] // 們 這 個 國 經 發: traditional-only
    public void Chinese_is_split_into_simplified_and_traditional(string text, string code) => Assert.Equal(code, Detector.Detect(text));

    [Theory]
    [InlineData("")]
    [InlineData("12345 !!! ???")]
    [InlineData("   \n\t")]
    public void Text_without_letters_is_a_detector_failure(string text) => Assert.Null(Detector.Detect(text));

    [Fact]
    public void Detection_is_deterministic_across_threads()
    {
        string[] texts =
        [
            "This is an ordinary English sentence about the weather today.",
            "Das ist ein ganz normaler deutscher Satz über das Wetter heute.",
            "Ceci est une phrase française tout à fait ordinaire sur la météo.",
            "Esta es una frase española normal sobre el tiempo de hoy.",
        ];
        var expected = texts.Select(Detector.Detect).ToArray();
        var results = new string?[64];
        Parallel.For(0, results.Length, i => results[i] = Detector.Detect(texts[i % texts.Length]));
        for (int i = 0; i < results.Length; i++)
            Assert.Equal(expected[i % texts.Length], results[i]);
        Assert.Equal(new string?[] { "en", "de", "fr", "es" }, expected);
    }

    [Fact]
    public void Every_code_reported_is_a_langdetect_code()
    {
        foreach (var text in new[] { "Bonjour tout le monde, comment allez-vous aujourd'hui?", "Привет, как дела сегодня?", "Merhaba, bugün nasılsın?" })
            Assert.True(LangdetectCodes.All.Contains(Detector.Detect(text)!), text);
    }
}

/// <summary>The excerpt Lingua sees for long texts.</summary>
public class LinguaExcerptTests
{
    [Fact]
    public void Short_texts_are_used_whole()
    {
        string text = new('a', LinguaLanguageIdentifier.ExcerptLength);
        Assert.Same(text, LinguaLanguageIdentifier.Excerpt(text));
    }

    [Fact]
    public void Long_texts_are_sampled_from_start_to_end_in_whole_words()
    {
        var words = Enumerable.Range(0, 2000).Select(i => $"w{i:D4}").ToArray();
        string text = string.Join(' ', words);
        string excerpt = LinguaLanguageIdentifier.Excerpt(text);
        Assert.InRange(excerpt.Length, 900, 1400);
        Assert.StartsWith("w0000 ", excerpt);
        Assert.EndsWith("w1999\n", excerpt);
        // Every piece is made of whole words of the original, in order.
        var pieces = excerpt.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        Assert.All(pieces, p => Assert.Matches("^w\\d{4}$", p));
        Assert.Equal(pieces.OrderBy(p => p, StringComparer.Ordinal), pieces);
        Assert.Equal(excerpt, LinguaLanguageIdentifier.Excerpt(text));
    }
}
