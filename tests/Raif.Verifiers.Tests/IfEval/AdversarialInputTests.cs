using System.Diagnostics;
using System.Text;
using Raif.Verifiers.IfEval;
using Raif.Verifiers.Nltk;

namespace Raif.Verifiers.Tests.IfEval;

/// <summary>
/// Safety, not speed: 1 MB inputs built to make regexes backtrack (long runs of newlines, spaces, brackets, stars,
/// angle brackets, dots, dashes) must be checked in bounded time. A quadratic algorithm needs hours on these; the
/// limit is generous so that a slow, shared CI machine passes, while a blow-up cannot.
/// </summary>
public class AdversarialInputTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static string Megabyte(string unit, string suffix = "")
    {
        var sb = new StringBuilder(1_000_000 + unit.Length + suffix.Length);
        while (sb.Length < 1_000_000)
            sb.Append(unit);
        return sb.Append(suffix).ToString();
    }

    public static TheoryData<string, string, string> Cases() => new()
    {
        { "newlines then a star", IfevalIds.NumberBulletLists, """{"num_bullets": 1}""" },
        { "spaces then a star", IfevalIds.NumberBulletLists, """{"num_bullets": 1}""" },
        { "open brackets", IfevalIds.NumberPlaceholders, """{"num_placeholders": 1}""" },
        { "stars", IfevalIds.NumberHighlightedSections, """{"num_highlights": 1}""" },
        { "stars", IfevalIds.NumberParagraphs, """{"num_paragraphs": 1}""" },
        { "angle brackets", IfevalIds.Title, "{}" },
        { "angle brackets", IfevalIds.XmlFormat, "{}" },
        { "open brackets", IfevalIds.JsonFormat, "{}" },
        { "spaces then a star", IfevalIds.MultipleSections, """{"section_spliter": "SECTION", "num_sections": 1}""" },
        { "period then spaces", IfevalIds.CapitalWordFrequency, """{"capital_frequency": 1, "capital_relation": "at least"}""" },
        { "dots", IfevalIds.NumberSentences, """{"num_sentences": 1, "relation": "at least"}""" },
        { "dashes", IfevalIds.NumberSentences, """{"num_sentences": 1, "relation": "at least"}""" },
        { "letters", IfevalIds.KeywordsForbiddenWords, """{"forbidden_words": ["aab"]}""" },
        { "letters", IfevalIds.KeywordsFrequency, """{"keyword": "aab", "frequency": 1, "relation": "at least"}""" },
        { "letters", IfevalIds.Postscript, """{"postscript_marker": "P.S."}""" },
        { "mixed punctuation", IfevalIds.CapitalWordFrequency, """{"capital_frequency": 1, "capital_relation": "at least"}""" },
    };

    private static string Input(string name) => name switch
    {
        "newlines then a star" => Megabyte("\n", "*"),
        "spaces then a star" => Megabyte(" ", "*"),
        "open brackets" => Megabyte("["),
        "stars" => Megabyte("*"),
        "angle brackets" => Megabyte("<<"),
        "period then spaces" => "a." + Megabyte(" ", "x"),
        "dots" => Megabyte("."),
        "dashes" => Megabyte("-"),
        "letters" => Megabyte("a"),
        "mixed punctuation" => Megabyte("*[<-. \n\t\"')"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Checker_finishes_in_bounded_time_on_one_megabyte(string input, string id, string kwargs)
    {
        var checker = InstructionRegistry.Default.Create(id, Kwargs.Parse(kwargs), new IfevalOptions());
        string text = Input(input);
        var watch = Stopwatch.StartNew();
        checker.Check(text);
        Assert.True(watch.Elapsed < Limit, $"{id} on {input}: {watch.Elapsed}");
    }

    [Fact]
    public void Punkt_finishes_in_bounded_time_on_one_megabyte_of_sentence_ends()
    {
        var watch = Stopwatch.StartNew();
        int sentences = PunktSentenceTokenizer.English.Count(Megabyte("a! "));
        Assert.True(watch.Elapsed < Limit, watch.Elapsed.ToString());
        Assert.True(sentences > 1000);
    }
}
