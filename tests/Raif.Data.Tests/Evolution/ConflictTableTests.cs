using Raif.Data.Evolution;
using Raif.Data.Seeds;
using Raif.Verifiers.IfEval;

namespace Raif.Data.Tests.Evolution;

public sealed class ConflictTableTests
{
    [Fact]
    public void The_pool_is_ifevals_25_ids_and_every_id_has_a_checker()
    {
        Assert.Equal(25, ConflictTable.IfevalIds.Count);
        Assert.DoesNotContain(IfevalIds.XmlFormat, ConflictTable.IfevalIds);
        Assert.All(ConflictTable.IfevalIds, id => Assert.True(InstructionRegistry.Default.Contains(id)));
    }

    [Theory]
    // Pairs read off google-research instruction_following_eval/instructions_registry.py (INSTRUCTION_CONFLICTS).
    [InlineData(IfevalIds.ResponseLanguage, IfevalIds.EndChecker, true)]
    [InlineData(IfevalIds.EndChecker, IfevalIds.ResponseLanguage, true)] // conflict_make makes it symmetric
    [InlineData(IfevalIds.NumberParagraphs, IfevalIds.NumberSentences, true)]
    [InlineData(IfevalIds.NthParagraphFirstWord, IfevalIds.NumberParagraphs, true)]
    [InlineData(IfevalIds.Quotation, IfevalIds.Title, true)]
    [InlineData(IfevalIds.CapitalWordFrequency, IfevalIds.EnglishLowercase, true)]
    [InlineData(IfevalIds.JsonFormat, IfevalIds.NoComma, true)]
    [InlineData(IfevalIds.JsonFormat, IfevalIds.KeywordsExistence, false)]
    [InlineData(IfevalIds.TwoResponses, IfevalIds.Title, false)]
    [InlineData(IfevalIds.TwoResponses, IfevalIds.Quotation, true)]
    [InlineData(IfevalIds.RepeatPrompt, IfevalIds.NoComma, false)]
    [InlineData(IfevalIds.RepeatPrompt, IfevalIds.KeywordsForbiddenWords, true)]
    [InlineData(IfevalIds.KeywordsExistence, IfevalIds.NoComma, false)]
    [InlineData(IfevalIds.Postscript, IfevalIds.Postscript, true)] // every id conflicts with itself
    [InlineData(IfevalIds.EnglishLowercase, IfevalIds.MultipleSections, false)] // only Raif's implied table has this one
    public void Official_pairs_match_the_upstream_table(string a, string b, bool conflict) =>
        Assert.Equal(conflict, ConflictTable.Official.Conflicts(a, b));

    [Fact]
    public void Constrained_response_conflicts_with_every_other_id()
    {
        foreach (var id in ConflictTable.IfevalIds)
            Assert.True(ConflictTable.Official.Conflicts(IfevalIds.ConstrainedResponse, id), id);
    }

    [Fact]
    public void Implied_pairs_are_added_symmetrically_with_their_reason()
    {
        Assert.True(ConflictTable.Default.Conflicts(IfevalIds.EnglishLowercase, IfevalIds.MultipleSections));
        Assert.True(ConflictTable.Default.Conflicts(IfevalIds.MultipleSections, IfevalIds.EnglishLowercase));
        Assert.True(ConflictTable.Default.Conflicts(IfevalIds.XmlFormat, IfevalIds.JsonFormat));
        Assert.False(ConflictTable.Default.Conflicts(IfevalIds.XmlFormat, IfevalIds.KeywordsExistence));
        Assert.Contains("case-sensitively", ConflictTable.Default.Reasons[(IfevalIds.EnglishLowercase, IfevalIds.MultipleSections)]);
        // Every official conflict stays a conflict.
        foreach (var a in ConflictTable.IfevalIds)
            foreach (var b in ConflictTable.IfevalIds)
                Assert.True(!ConflictTable.Official.Conflicts(a, b) || ConflictTable.Default.Conflicts(a, b), $"{a} / {b}");
    }

    [Fact]
    public void Pairs_allowed_by_the_official_table_number_206()
    {
        // Hand count from INSTRUCTION_CONFLICTS: C(25,2) = 300 pairs, minus the conflicting ones:
        // constrained_response 24; json_format 22 others less constrained = 21; two_responses 19 others less the two
        // counted = 17; repeat_prompt 21 others less three counted = 18; response_language 7 more (multiple_sections,
        // existence, frequency, forbidden_words, end_checker, english_capital, english_lowercase); number_paragraphs 2
        // (nth_paragraph_first_word, number_sentences); multiple_sections 1 (highlighted_sections);
        // capital_word_frequency 2 (english_capital, english_lowercase); english_lowercase 1 (english_capital);
        // quotation 1 (title). 24+21+17+18+7+2+1+2+1+1 = 94 conflicts, 300 - 94 = 206.
        Assert.Equal(206, Combinations.Valid(ConflictTable.IfevalIds, 2, ConflictTable.Official).Count);
        // Raif's implied table removes english_lowercase + multiple_sections.
        Assert.Equal(205, Combinations.Valid(ConflictTable.IfevalIds, 2, ConflictTable.Default).Count);
        Assert.Equal(25, Combinations.Valid(ConflictTable.IfevalIds, 1, ConflictTable.Default).Count);
    }

    [Fact]
    public void Every_enumerated_combination_is_conflict_free_and_listed_once()
    {
        var pool = ConstraintPool.For(Seed.English, IfevalVariant.Official);
        var combos = Combinations.Valid(pool, 3, ConflictTable.Default);
        Assert.All(combos, c => Assert.True(ConflictTable.Default.IsValid(c)));
        Assert.Equal(combos.Count, combos.Select(c => string.Join("|", c.Order(StringComparer.Ordinal))).Distinct().Count());
        // Brute force over all C(25,3) = 2300 triples gives the same count.
        int brute = 0;
        for (int i = 0; i < pool.Count; i++)
            for (int j = i + 1; j < pool.Count; j++)
                for (int k = j + 1; k < pool.Count; k++)
                    brute += ConflictTable.Default.IsValid([pool[i], pool[j], pool[k]]) ? 1 : 0;
        Assert.Equal(brute, combos.Count);
    }

    [Fact]
    public void The_chinese_pool_leaves_out_checkers_that_assume_english_text()
    {
        var official = ConstraintPool.For(Seed.Chinese, IfevalVariant.Official);
        Assert.DoesNotContain(IfevalIds.EnglishCapital, official);
        Assert.DoesNotContain(IfevalIds.NumberWords, official);
        Assert.DoesNotContain(IfevalIds.ResponseLanguage, official); // zh-cn is not an official code
        Assert.Contains(IfevalIds.ResponseLanguage, ConstraintPool.For(Seed.Chinese, IfevalVariant.Raif));
        Assert.Equal(19, official.Count);
    }
}
