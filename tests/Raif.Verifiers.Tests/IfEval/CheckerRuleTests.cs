using Raif.Verifiers.IfEval;

namespace Raif.Verifiers.Tests.IfEval;

/// <summary>
/// Hand-checked rules, mostly where Raif differs from or adds to the original: the RAIF variant, the deterministic
/// letter_frequency rule, xml_format, and regex-valued arguments. Expected values are worked out in the comments.
/// </summary>
public class CheckerRuleTests
{
    private static bool Check(string id, string kwargs, string response, IfevalVariant variant = IfevalVariant.Official) =>
        InstructionRegistry.Default.Create(id, Kwargs.Parse(kwargs), new IfevalOptions(variant)).Check(response);

    [Fact]
    public void Default_registry_has_the_25_ifeval_ids_and_xml_format()
    {
        Assert.Equal(26, InstructionRegistry.Default.Ids.Count);
        Assert.True(InstructionRegistry.Default.Contains(IfevalIds.XmlFormat));
        Assert.False(InstructionRegistry.Default.Contains("keywords:key_sentences")); // commented out upstream
    }

    [Fact]
    public void Registry_with_adds_an_id_without_changing_the_original()
    {
        var extended = InstructionRegistry.Default.With("custom:ends_with_bang", (_, _) => new EndsWithBang());
        Assert.True(extended.Contains("custom:ends_with_bang"));
        Assert.False(InstructionRegistry.Default.Contains("custom:ends_with_bang"));
        var evaluator = new IfevalEvaluator(registry: extended);
        var set = evaluator.Compile(["custom:ends_with_bang", IfevalIds.NoComma], [Kwargs.Empty, Kwargs.Empty]);
        Assert.Equal([true, false], evaluator.FollowStrict(set, "yes, really!"));
    }

    private sealed class EndsWithBang : IInstructionChecker
    {
        public bool Check(string response) => response.EndsWith('!');
    }

    [Theory]
    // Official: the keyword is a regex, so "colou?r" matches "color"; RAIF escapes it and needs the literal text.
    [InlineData("colou?r", "The color is red.", IfevalVariant.Official, true)]
    [InlineData("colou?r", "The color is red.", IfevalVariant.Raif, false)]
    [InlineData("colou?r", "Write colou?r here.", IfevalVariant.Raif, true)]
    [InlineData("C++", "I love c++ a lot.", IfevalVariant.Raif, true)]
    public void Keywords_are_regexes_officially_and_literal_text_in_the_raif_variant(string keyword, string response, IfevalVariant variant, bool expected) =>
        Assert.Equal(expected, Check(IfevalIds.KeywordsExistence, $$"""{"keywords": ["{{keyword}}"]}""", response, variant));

    [Theory]
    [InlineData("a.b", "axb a.b", IfevalVariant.Official, 2)] // '.' matches any character
    [InlineData("a.b", "axb a.b", IfevalVariant.Raif, 1)]
    public void Keyword_frequency_counts_regex_or_literal_matches(string keyword, string response, IfevalVariant variant, int count)
    {
        string at = $$"""{"keyword": "{{keyword}}", "frequency": {{count}}, "relation": "at least"}""";
        string above = $$"""{"keyword": "{{keyword}}", "frequency": {{count + 1}}, "relation": "at least"}""";
        Assert.True(Check(IfevalIds.KeywordsFrequency, at, response, variant));
        Assert.False(Check(IfevalIds.KeywordsFrequency, above, response, variant));
    }

    [Theory]
    [InlineData("\"Write a poem.\" Roses are red.", IfevalVariant.Official, false)]
    [InlineData("\"Write a poem.\" Roses are red.", IfevalVariant.Raif, true)]
    [InlineData("'write a poem.' Roses.", IfevalVariant.Raif, true)]
    [InlineData("\"\"Write a poem.", IfevalVariant.Raif, false)] // only one leading quote is allowed
    public void Repeat_prompt_accepts_one_leading_quote_only_in_the_raif_variant(string response, IfevalVariant variant, bool expected) =>
        Assert.Equal(expected, Check(IfevalIds.RepeatPrompt, """{"prompt_to_repeat": "Write a poem."}""", response, variant));

    [Theory]
    [InlineData("```json\n{\"a\": 1}\n```", IfevalVariant.Official, true)]
    [InlineData("```json\n{\"a\": 1}\n```", IfevalVariant.Raif, true)]
    // lstrip("```json") removes the characters `, j, s, o, n: "json{}" becomes "{}" for RAIF; removeprefix leaves it.
    [InlineData("json{}", IfevalVariant.Official, false)]
    [InlineData("json{}", IfevalVariant.Raif, true)]
    // lstrip stops at the newline, so the "n" of a fenced null survives.
    [InlineData("```json\nnull\n```", IfevalVariant.Raif, true)]
    [InlineData("nan", IfevalVariant.Official, false)]
    [InlineData("NaN", IfevalVariant.Official, true)]
    [InlineData("```\n[1, 2]\n```\n", IfevalVariant.Official, true)]
    public void Json_format_fence_removal_follows_the_variant(string response, IfevalVariant variant, bool expected) =>
        Assert.Equal(expected, Check(IfevalIds.JsonFormat, "{}", response, variant));

    [Theory]
    [InlineData("<root><a>1</a></root>", true)] // well-formed
    [InlineData("```xml\n<?xml version=\"1.0\"?>\n<root/>\n```", true)] // well-formed after the fence is removed
    [InlineData("Here: <a>one</b> and more", true)] // not well-formed, but an opening tag is followed by a closing one
    [InlineData("<a>unclosed", false)]
    [InlineData("</b> before <a>", false)] // the closing tag must come after an opening tag
    [InlineData("plain text", false)]
    [InlineData("", false)]
    public void Xml_format_accepts_well_formed_xml_or_an_open_then_close_tag(string response, bool expected) =>
        Assert.Equal(expected, Check(IfevalIds.XmlFormat, "{}", response));

    [Theory]
    // Official kwargs of key 1122 ('#', at least 4) and 1129 ('!', at least 6): the character is counted literally.
    [InlineData("#", 4, "#a #b #c #d", true)]
    [InlineData("#", 4, "#a #b #c", false)]
    [InlineData("!", 6, "Wow! Great! Yes! Sure! Now! Go!", true)]
    [InlineData("!", 6, "Wow! Great!", false)]
    [InlineData("A", 2, "a banana", true)] // ASCII letters: lower-cased, as officially ("a banana" has 4 a's)
    [InlineData("é", 2, "Été", true)] // lower() turns É into é: two
    public void Letter_frequency_counts_a_non_letter_argument_literally(string letter, int atLeast, string response, bool expected) =>
        Assert.Equal(expected, Check(IfevalIds.KeywordsLetterFrequency,
            $$"""{"letter": "{{letter}}", "let_frequency": {{atLeast}}, "let_relation": "at least"}""", response));

    [Theory]
    // Splitter with regex metacharacters: "Part." matches "Part1"? No: "Part." needs one character then
    // \s?\d+ — "PartX 1" and "Part 1"(space as the '.') both count.
    [InlineData("Part.", "PartX 1 ... PartY 2", 2)]
    [InlineData("Part|Chapter", "Part 1 and Chapter 2", 2)]
    public void Section_splitter_is_part_of_a_python_regex(string splitter, string response, int sections)
    {
        Assert.True(Check(IfevalIds.MultipleSections, $$"""{"section_spliter": "{{splitter}}", "num_sections": {{sections}}}""", response));
        Assert.False(Check(IfevalIds.MultipleSections, $$"""{"section_spliter": "{{splitter}}", "num_sections": {{sections + 1}}}""", response));
    }

    [Fact]
    public void A_pattern_that_runs_out_of_time_counts_as_not_followed()
    {
        // (a+)+$ backtracks exponentially on "aaaa…b" (2^40 paths); with a 1 s limit the keyword reads as absent.
        var options = new IfevalOptions { PatternTimeout = TimeSpan.FromSeconds(1) };
        var checker = InstructionRegistry.Default.Create(IfevalIds.KeywordsExistence, Kwargs.Parse("""{"keywords": ["(a+)+$"]}"""), options);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(checker.Check(new string('a', 40) + "b"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
        Assert.True(checker.Check("aaa"));
    }

    [Fact]
    public void A_data_pattern_reports_a_timeout_instead_of_hanging()
    {
        // The classic catastrophic pattern: nested quantifiers that cannot match at the end of a long word run.
        var pattern = DataPattern.Create("test:id", "keyword", @"(\w+\s?)+$", System.Text.RegularExpressions.RegexOptions.None,
            TimeSpan.FromSeconds(1)); // ample for "two words" on a loaded machine, hopeless for the catastrophic text
        string text = string.Concat(Enumerable.Repeat("word ", 2000)) + "!";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Null(pattern.Count(text)); // null means "ran out of time"
        Assert.False(pattern.IsMatch(text));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Equal(1, pattern.Count("two words"));
    }

    [Fact]
    public void Chinese_text_is_one_word_per_run_of_characters_as_in_python()
    {
        // \w+ runs: "这是第一句话" | "这是第二句话" | "我们喜欢测试" | "对吗" = 4 words (full-width punctuation separates).
        const string text = "这是第一句话。这是第二句话！我们喜欢测试，对吗？";
        Assert.True(Check(IfevalIds.NumberWords, """{"num_words": 4, "relation": "at least"}""", text));
        Assert.False(Check(IfevalIds.NumberWords, """{"num_words": 5, "relation": "at least"}""", text));
        Assert.True(Check(IfevalIds.NoComma, "{}", text)); // the full-width comma is not ','
    }
}
