using Raif.Verifiers.IfEval;

namespace Raif.Verifiers.Tests.IfEval;

/// <summary>Where the official code would pick a random value or crash, Raif names the instruction and the argument.</summary>
public class InstructionArgumentTests
{
    private static IfevalArgumentException Fails(string id, string kwargs, IfevalVariant variant = IfevalVariant.Official) =>
        Assert.Throws<IfevalArgumentException>(() => new IfevalEvaluator(new IfevalOptions(variant)).Compile([id], [Kwargs.Parse(kwargs)]));

    [Fact]
    public void Unknown_id_is_named()
    {
        var e = Fails("detectable_format:haiku", "{}");
        Assert.Equal("detectable_format:haiku", e.InstructionId);
        Assert.Null(e.Argument);
        Assert.Contains("unknown instruction id", e.Message);
    }

    [Theory]
    [InlineData(IfevalIds.NumberWords, """{"relation": "at least"}""", "num_words", "missing")]
    [InlineData(IfevalIds.NumberWords, """{"num_words": "300", "relation": "at least"}""", "num_words", "expected an integer")]
    [InlineData(IfevalIds.NumberWords, """{"num_words": 2.5, "relation": "at least"}""", "num_words", "expected an integer")]
    [InlineData(IfevalIds.NumberWords, """{"num_words": true, "relation": "at least"}""", "num_words", "expected an integer")]
    [InlineData(IfevalIds.NumberWords, """{"num_words": -1, "relation": "at least"}""", "num_words", "at least 0")]
    [InlineData(IfevalIds.NumberWords, """{"num_words": 3, "relation": "at most"}""", "relation", "\"less than\" or \"at least\"")]
    [InlineData(IfevalIds.KeywordsExistence, """{"keywords": []}""", "keywords", "empty list")]
    [InlineData(IfevalIds.KeywordsExistence, """{"keywords": "cat"}""", "keywords", "expected a list")]
    [InlineData(IfevalIds.KeywordsExistence, """{"keywords": ["cat", 3]}""", "keywords", "element 1")]
    [InlineData(IfevalIds.KeywordsFrequency, """{"keyword": "", "frequency": 2, "relation": "at least"}""", "keyword", "must not be empty")]
    [InlineData(IfevalIds.KeywordsLetterFrequency, """{"letter": "ab", "let_frequency": 2, "let_relation": "at least"}""", "letter", "exactly one character")]
    [InlineData(IfevalIds.KeywordsLetterFrequency, """{"letter": "", "let_frequency": 2, "let_relation": "at least"}""", "letter", "exactly one character")]
    [InlineData(IfevalIds.KeywordsLetterFrequency, """{"letter": "\u0130", "let_frequency": 2, "let_relation": "at least"}""", "letter", "exactly one character")]
    [InlineData(IfevalIds.NthParagraphFirstWord, """{"num_paragraphs": 2, "nth_paragraph": 3, "first_word": "a"}""", "nth_paragraph", "at most num_paragraphs")]
    [InlineData(IfevalIds.NthParagraphFirstWord, """{"num_paragraphs": 2, "nth_paragraph": 0, "first_word": "a"}""", "nth_paragraph", "at least 1")]
    [InlineData(IfevalIds.ResponseLanguage, """{"language": "nl"}""", "language", "unsupported language code")]
    [InlineData(IfevalIds.ResponseLanguage, """{"language": "zh-cn"}""", "language", "unsupported language code")]
    [InlineData(IfevalIds.RepeatPrompt, """{"prompt_to_repeat": ""}""", "prompt_to_repeat", "must not be empty")]
    [InlineData(IfevalIds.NoComma, """{"extra": 1}""", "extra", "takes no arguments")]
    [InlineData(IfevalIds.Title, """{"num_words": 1}""", "num_words", "takes no arguments")]
    [InlineData(IfevalIds.NumberPlaceholders, """{"num_placeholders": 1, "num_bullets": 2}""", "num_bullets", "unexpected argument")]
    [InlineData(IfevalIds.KeywordsExistence, """{"keywords": ["C++"]}""", "keywords", "not a usable Python regex")]
    [InlineData(IfevalIds.MultipleSections, """{"section_spliter": "Sec(", "num_sections": 2}""", "section_spliter", "not a usable Python regex")]
    public void Bad_arguments_are_named(string id, string kwargs, string argument, string problem)
    {
        var e = Fails(id, kwargs);
        Assert.Equal(id, e.InstructionId);
        Assert.Equal(argument, e.Argument);
        Assert.Contains(problem, e.Message);
        Assert.Contains($"'{id}'", e.Message);
        Assert.Contains($"'{argument}'", e.Message);
    }

    [Fact]
    public void Null_valued_keys_count_as_absent_as_in_the_hugging_face_copy_of_ifeval()
    {
        var set = new IfevalEvaluator().Compile(
            [IfevalIds.NumberWords],
            [Kwargs.Parse("""{"num_words": 3, "relation": "at least", "keywords": null, "language": null, "letter": null}""")]);
        Assert.Equal([true], new IfevalEvaluator().FollowStrict(set, "one two three"));
        var e = Fails(IfevalIds.NumberWords, """{"num_words": null, "relation": "at least"}""");
        Assert.Equal("num_words", e.Argument);
    }

    [Fact]
    public void A_json_null_kwargs_object_means_no_arguments() =>
        Assert.Equal(1, new IfevalEvaluator().Compile([IfevalIds.NoComma], [Kwargs.Parse("null")]).Count);

    [Fact]
    public void Raif_variant_accepts_chinese_variants_and_literal_keywords()
    {
        var raif = new IfevalEvaluator(new IfevalOptions(IfevalVariant.Raif));
        Assert.Equal(2, raif.Compile(
            [IfevalIds.ResponseLanguage, IfevalIds.KeywordsExistence],
            [Kwargs.Parse("""{"language": "zh-tw"}"""), Kwargs.Parse("""{"keywords": ["C++"]}""")]).Count);
    }

    [Fact]
    public void Integral_floats_are_accepted_as_integers() =>
        Assert.Equal(1, new IfevalEvaluator().Compile([IfevalIds.NumberPlaceholders], [Kwargs.Parse("""{"num_placeholders": 2.0}""")]).Count);
}
