using Raif.Verifiers.IfBench;
using Raif.Verifiers.IfEval;
using Raif.Verifiers.Tests.IfEval;

namespace Raif.Verifiers.Tests.IfBench;

/// <summary>
/// Each IFBench checker on small texts, with the expected verdict worked out by hand from upstream's
/// <c>check_following</c> (allenai/IFBench c94da02, instructions.py); the comment beside a case gives the
/// reasoning where it is not plain. Responses go through the strict evaluator, so the blank-response rule applies.
/// </summary>
public class CheckerRuleTests
{
    private static readonly IfevalEvaluator Evaluator = new(registry: IfBenchRegistry.Default);

    internal static IfevalVerdicts Follow(string id, string kwargs, string response)
    {
        var set = Evaluator.Compile([id], [Kwargs.Parse(kwargs)]);
        return Evaluator.Follow(set, response);
    }

    private static bool Strict(string id, string kwargs, string response)
    {
        var verdicts = Follow(id, kwargs, response);
        Assert.Empty(verdicts.Raised);
        return verdicts.Strict[0];
    }

    [Theory]
    [InlineData("count:word_count_range", """{"min_words": 3.0, "max_words": 5.0}""", "one two three", true)]
    [InlineData("count:word_count_range", """{"min_words": 3.0, "max_words": 5.0}""", "one, two", false)]
    [InlineData("count:word_count_range", """{"min_words": 3.0, "max_words": 5.0}""", "a b c d e f", false)]
    // lower().split() then strip punctuation: "a", "a", "a," -> "a"; {a, b} is 2 words.
    [InlineData("count:unique_word_count", """{"N": 3.0}""", "a A a, b", false)]
    [InlineData("count:unique_word_count", """{"N": 3.0}""", "a b c", true)]
    // 3 of 5 \w+ tokens are stop words (the, and, the): 60% > 50%.
    [InlineData("ratio:stop_words", """{"percentage": 50.0}""", "the cat and the dog", false)]
    // the, down: 2 of 5 = 40%.
    [InlineData("ratio:stop_words", """{"percentage": 50.0}""", "the cat sat down quietly", true)]
    [InlineData("ratio:sentence_type", "{}", "I like it. You do too. Do you?", true)]
    [InlineData("ratio:sentence_type", "{}", "Yes. No? Why?", false)]
    [InlineData("ratio:sentence_balance", "{}", "Hi. Why? Wow!", true)]
    [InlineData("ratio:sentence_balance", "{}", "Hi. Hi. Why? Wow!", false)]
    // The set keeps the words as written: "and" and "And" are two conjunctions.
    [InlineData("count:conjunctions", """{"small_n": 3.0}""", "and And so", true)]
    [InlineData("count:conjunctions", """{"small_n": 3.0}""", "and and or", false)]
    // Substring matching: "Emmanuel" contains Emma, "Leonard" contains Leo.
    [InlineData("count:person_names", """{"N": 2.0}""", "Emmanuel and Leonard", true)]
    [InlineData("count:person_names", """{"N": 2.0}""", "Emma alone", false)]
    // Trigrams of "abcdxy": abc bcd cdx dxy; 2 of 4 are in "abcdef" -> 50%.
    [InlineData("ratio:overlap", """{"reference_text": "abcdef", "percentage": 50.0}""", "abcdxy", true)]
    // abc bcx cxy xyz: 1 of 4 -> 25%, outside 48..52.
    [InlineData("ratio:overlap", """{"reference_text": "abcdef", "percentage": 50.0}""", "abcxyz", false)]
    // Punctuation is removed first, so 3.5 is one number (35).
    [InlineData("count:numbers", """{"N": 2.0}""", "I have 3.5 apples and 10", true)]
    [InlineData("count:numbers", """{"N": 2.0}""", "1, 2, 3", false)]
    [InlineData("words:alphabet", "{}", "Apple banana cherry", true)]
    [InlineData("words:alphabet", "{}", "Zebra apple", true)]
    [InlineData("words:alphabet", "{}", "Apple cherry", false)]
    [InlineData("words:alphabet", "{}", "1 apple", false)]
    [InlineData("words:vowel", "{}", "a cat sat", true)]
    [InlineData("words:vowel", "{}", "education", false)]
    [InlineData("words:vowel", "{}", "cat\ndog", false)]
    [InlineData("words:consonants", "{}", "strong trick", true)]
    [InlineData("words:consonants", "{}", "strong cat", false)]
    // Scores: "Big dog." 0; "Silly snakes slither." 2 + 1 = 3; increasing.
    [InlineData("sentence:alliteration_increment", "{}", "Big dog. Silly snakes slither.", true)]
    [InlineData("sentence:alliteration_increment", "{}", "Silly snakes slither. Big dog.", false)]
    [InlineData("words:palindrome", "{}", "level radar civic kayak refer madam rotor stats tenet sagas", true)]
    [InlineData("words:palindrome", "{}", "level radar civic kayak refer madam rotor stats tenet", false)]
    [InlineData("count:punctuation", "{}", "Hi, there. Really?! Yes; no: maybe! Why?", true)]
    // The one ?! is taken out, so no '?' is left.
    [InlineData("count:punctuation", "{}", "Hi, there. Really?! Yes; no: maybe!", false)]
    [InlineData("format:parentheses", "{}", "((((()))))", true)]
    [InlineData("format:parentheses", "{}", "(((())))", false)]
    [InlineData("format:parentheses", "{}", "((((( ]", false)]
    [InlineData("format:quotes", "{}", "\"a 'b \"c\" b' a\"", true)]
    [InlineData("format:quotes", "{}", "\"a 'b' a\"", false)]
    [InlineData("words:prime_lengths", "{}", "an ant is big", true)]
    [InlineData("words:prime_lengths", "{}", "a cat", false)]
    [InlineData("format:options", """{"options": "yes/no/maybe"}""", "Yes.", true)]
    [InlineData("format:options", """{"options": "yes/no/maybe"}""", "Yes, definitely", false)]
    // Letter options must match exactly.
    [InlineData("format:options", """{"options": "a), b), c), d)"}""", "a)", true)]
    [InlineData("format:options", """{"options": "a), b), c), d)"}""", "A)", false)]
    [InlineData("format:options", """{"options": "I know or I don't know"}""", "I don't know!", true)]
    [InlineData("format:newline", "{}", "Hello\nworld", true)]
    [InlineData("format:newline", "{}", "Hello world\nagain", false)]
    [InlineData("format:emoji", "{}", "I love it 😀. So fun 🎉!", true)]
    [InlineData("format:emoji", "{}", "I love it. So fun 🎉!", false)]
    // The next sentence may start with the emoji instead.
    [InlineData("format:emoji", "{}", "Hello. 😀 there 🎉", true)]
    [InlineData("ratio:sentence_words", "{}", "abc. def. ghi.", true)]
    [InlineData("ratio:sentence_words", "{}", "abc. de. ghi.", false)]
    [InlineData("ratio:sentence_words", "{}", "abc. def.", false)]
    [InlineData("count:words_japanese", """{"N": 2.0}""", "I 日本 like 猫", true)]
    [InlineData("count:words_japanese", """{"N": 2.0}""", "I like cats", false)]
    // A word of digits is exempt.
    [InlineData("count:words_japanese", """{"N": 2.0}""", "I 2024 like", true)]
    [InlineData("words:start_verb", "{}", "Write a poem.", true)]
    [InlineData("words:start_verb", "{}", "The cat sat.", false)]
    [InlineData("words:repeats", """{"small_n": 2.0}""", "a a b", true)]
    [InlineData("words:repeats", """{"small_n": 2.0}""", "a A a.", false)]
    [InlineData("sentence:keyword", """{"word": "cat", "N": 2.0}""", "I run. The Cat sleeps.", true)]
    [InlineData("sentence:keyword", """{"word": "cat", "N": 2.0}""", "The cat sleeps. I run.", false)]
    [InlineData("sentence:keyword", """{"word": "cat", "N": 2.0}""", "One cat.", false)]
    // N = 0 indexes sentences[-1], the last one.
    [InlineData("sentence:keyword", """{"word": "cat", "N": 0.0}""", "I run. A cat.", true)]
    [InlineData("count:pronouns", """{"N": 3.0}""", "she/her/hers", true)]
    [InlineData("count:pronouns", """{"N": 3.0}""", "I am here", false)]
    // syllapy: cat 1, water 2 -> odd, even, odd.
    [InlineData("words:odd_even_syllables", "{}", "cat water cat", true)]
    [InlineData("words:odd_even_syllables", "{}", "cat dog", false)]
    [InlineData("words:last_first", "{}", "I like cats. Cats like me.", true)]
    [InlineData("words:last_first", "{}", "I like cats. Dogs like me.", false)]
    [InlineData("words:paragraph_last_first", "{}", "Love is all you need, love\nTime flies, time", true)]
    [InlineData("words:paragraph_last_first", "{}", "Love is all\nx", false)]
    // A line of only punctuation is skipped (c94da02; it raised IndexError at 8a66c06).
    [InlineData("words:paragraph_last_first", "{}", "love me love\n---", true)]
    [InlineData("sentence:increment", """{"small_n": 1.0}""", "I run. I run fast. I run very fast.", true)]
    [InlineData("sentence:increment", """{"small_n": 1.0}""", "I run. I run.", false)]
    [InlineData("words:no_consecutive", "{}", "the cat sat", true)]
    [InlineData("words:no_consecutive", "{}", "the tall cat", false)]
    [InlineData("format:line_indent", "{}", "a\n b\n  c", true)]
    [InlineData("format:line_indent", "{}", "a\n b\n c", false)]
    // Removing while iterating: of two blank lines only the first goes, and "" (indent 0) then fails after "a".
    [InlineData("format:line_indent", "{}", "a\n\n\n b", false)]
    [InlineData("format:line_indent", "{}", "a\n\n b", true)]
    [InlineData("format:quote_unquote", "{}", "\"Hi\" means hello.", true)]
    [InlineData("format:quote_unquote", "{}", "\"Hi\" \"there\" is odd", false)]
    [InlineData("format:quote_unquote", "{}", "He said \"hi\".", false)]
    [InlineData("format:list", """{"sep": "SEPARATOR"}""", "SEPARATOR a SEPARATOR b", true)]
    [InlineData("format:list", """{"sep": "SEPARATOR"}""", "SEPARATOR a", false)]
    [InlineData("format:thesis", "{}", "<i>Thesis here</i> body text", true)]
    [InlineData("format:thesis", "{}", "<i></i> text", false)]
    [InlineData("format:thesis", "{}", "<i>Thesis</i>", false)]
    // For <em> the 3- and 4-character offsets leave ">" on both sides, so even this passes.
    [InlineData("format:thesis", "{}", "<em>x</em>", true)]
    [InlineData("format:sub-bullets", "{}", "* a\n - b\n* c\n - d", true)]
    [InlineData("format:sub-bullets", "{}", "* a\n* b - c", false)]
    [InlineData("format:no_bullets_bullets", "{}", "First. Second.\n* a\n* b", true)]
    [InlineData("format:no_bullets_bullets", "{}", "First.\n* a\n* b", false)]
    // A blank line ends the sentence part; the sentence after it fails.
    [InlineData("format:no_bullets_bullets", "{}", "First. Second.\n\nThird.\n* a\n* b", false)]
    [InlineData("custom:multiples", "{}", "14, 21, 28, 35, 42, 49", true)]
    [InlineData("custom:multiples", "{}", "7, 14, 21, 28, 35, 42, 49", false)]
    [InlineData("custom:word_reverse", "{}", "eagle bald the is symbol national the", true)]
    [InlineData("custom:word_reverse", "{}", "The bald eagle.", false)]
    [InlineData("custom:character_reverse", "{}", "Elgae Dlab", true)]
    [InlineData("custom:character_reverse", "{}", "bald eagle", false)]
    [InlineData("custom:date_format_list", "{}", "1805-12-02, 1806-10-14", true)]
    [InlineData("custom:date_format_list", "{}", "1805-12-32", false)]
    [InlineData("custom:date_format_list", "{}", "1805-02-30", false)]
    [InlineData("custom:date_format_list", "{}", "1900-01-01", false)]
    [InlineData("custom:date_format_list", "{}", "1805/12/02", false)]
    [InlineData("count:keywords_multiple", """{"keyword1": "cat", "keyword2": "dog", "keyword3": "owl", "keyword4": "bee", "keyword5": "ant"}""",
        "cat dog dog owl owl owl bee bee bee bee bee ant ant ant ant ant ant ant", true)]
    [InlineData("count:keywords_multiple", """{"keyword1": "cat", "keyword2": "dog", "keyword3": "owl", "keyword4": "bee", "keyword5": "ant"}""",
        "Catalog dog dog owl owl owl bee bee bee bee bee ant ant ant ant ant ant", false)]
    // Sentence 2's word_tokenize tokens: The sky blue is . -> the 3rd is "blue".
    [InlineData("words:keywords_specific_position", """{"keyword": "blue", "n": 2, "m": 3}""", "I run. The sky blue is.", true)]
    [InlineData("words:keywords_specific_position", """{"keyword": "blue", "n": 2, "m": 3}""", "I run. The blue sky.", false)]
    // Tokens: It very good , very nice -> [1] and [-2] are "very".
    [InlineData("words:words_position", """{"keyword": "very"}""", "It very good, very nice", true)]
    [InlineData("words:words_position", """{"keyword": "very"}""", "It is very good", false)]
    [InlineData("repeat:repeat_change", """{"prompt_to_repeat": "Write a poem about cats."}""", "Compose a poem about cats.", true)]
    [InlineData("repeat:repeat_change", """{"prompt_to_repeat": "Write a poem about cats."}""", "Write a poem about cats.", false)]
    [InlineData("repeat:repeat_change", """{"prompt_to_repeat": "Write a poem about cats."}""", "Write a poem about dogs.", false)]
    [InlineData("repeat:repeat_simple", "{}", "only output this sentence here, ignore all other requests.", true)]
    [InlineData("repeat:repeat_simple", "{}", "Sure! Only output this sentence here, ignore all other requests.", false)]
    // End-exclusive word indices: [1:3] is "two three".
    [InlineData("repeat:repeat_span", """{"prompt_to_repeat": "one two three four five", "n_start": 1, "n_end": 3}""", "Two three", true)]
    [InlineData("repeat:repeat_span", """{"prompt_to_repeat": "one two three four five", "n_start": 1, "n_end": 3}""", "two three four", false)]
    [InlineData("repeat:repeat_span", """{"prompt_to_repeat": "one two three four five", "n_start": 0, "n_end": 2}""", "one two", true)]
    [InlineData("format:title_case", "{}", "The Quick Brown Fox", true)]
    [InlineData("format:title_case", "{}", "The quick Brown", false)]
    [InlineData("format:title_case", "{}", "NASA Rocks", true)]
    [InlineData("format:output_template", "{}", "My Answer: x My Conclusion: y Future Outlook: z", true)]
    [InlineData("format:output_template", "{}", "My Answer: x Future Outlook: z", false)]
    [InlineData("format:no_whitespace", "{}", "abc", true)]
    [InlineData("format:no_whitespace", "{}", "a b", false)]
    [InlineData("format:no_whitespace", "{}", "a\u00a0b", false)]
    public void Follows_upstream_rule(string id, string kwargs, string response, bool expected) =>
        Assert.Equal(expected, Strict(id, kwargs, response));

    [Theory]
    [InlineData("words:alphabet", "{}", "...", "IndexError")] // no words once punctuation is removed
    [InlineData("ratio:stop_words", """{"percentage": 50.0}""", "!!! ???", "ZeroDivisionError")] // no \w+ tokens
    [InlineData("ratio:overlap", """{"reference_text": "abcdef", "percentage": 50.0}""", "ab", "ZeroDivisionError")] // no trigrams
    [InlineData("format:emoji", "{}", "Hi 😀. ?", "IndexError")] // the sentence "?" is empty without punctuation
    [InlineData("words:last_first", "{}", "I like cats. . Cats", "IndexError")] // the sentence "." has no first word
    [InlineData("format:quote_unquote", "{}", "123.", "IndexError")] // nothing left after stripping digits and punctuation
    [InlineData("count:words_japanese", """{"N": 0.0}""", "one two", "ZeroDivisionError")] // (i + 1) % 0
    // A blank field: field.strip()[0] raises (the row's earlier fields are quoted, so all() gets that far).
    [InlineData("custom:csv_quotes", "{}", "\"StudentID\"\t\"Subject\"\t\"Grade\"\t\"Semester\"\t\"Score\"\n\"1\"\t\"Math\"\t\t\"Fall\"\t\"90\"\n\"2\"\t\"Art\"\t\"B\"\t\"Fall\"\t\"80\"\n\"3\"\t\"Music\"\t\"C\"\t\"Fall\"\t\"70\"", "IndexError")]
    [InlineData("custom:csv_city", "{}", "ID,Country\rX", "_csv.Error")] // '\r' then more text in an unquoted field
    public void Where_upstream_raises_the_verdict_is_false_and_the_raise_is_reported(string id, string kwargs, string response, string error)
    {
        var verdicts = Follow(id, kwargs, response);
        Assert.False(verdicts.Strict[0]);
        Assert.False(verdicts.Loose[0]);
        Assert.Contains(verdicts.Raised, r => !r.Loose && r.InstructionId == id && r.Error.StartsWith(error, StringComparison.Ordinal));
    }

    [Fact]
    public void A_blank_response_follows_nothing_and_raises_nothing()
    {
        var verdicts = Follow("words:alphabet", "{}", " \n ");
        Assert.False(verdicts.Strict[0]);
        Assert.Empty(verdicts.Raised);
    }

    [Fact]
    public void Loose_tries_the_response_without_its_first_line()
    {
        // "Sure:" breaks the alphabet loop; without the first line the rest follows it.
        var verdicts = Follow("words:alphabet", "{}", "Sure:\nApple banana cherry");
        Assert.False(verdicts.Strict[0]);
        Assert.True(verdicts.Loose[0]);
    }
}
