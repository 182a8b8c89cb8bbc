using System.Text.Json;
using Raif.Core.Text;
using Raif.Verifiers.IfBench.Checkers;
using Raif.Verifiers.IfEval;

namespace Raif.Verifiers.IfBench;

/// <summary>
/// IFBench's 58 out-of-distribution instruction ids (allenai/IFBench, 2025 release: commit 8a66c06 with the c94da02
/// fixes) and their kwargs, as in its data files. JSON null means absent; a missing argument (where upstream would
/// pick a random value) or an unexpected one is an <see cref="IfevalArgumentException"/> naming both. Evaluate with
/// <c>new IfevalEvaluator(registry: IfBenchRegistry.Default)</c>: strict and loose are IFEval's.
/// </summary>
public static class IfBenchRegistry
{
    private static readonly Lazy<InstructionRegistry> LazyDefault = new(Build);
    private static readonly Lazy<InstructionRegistry> LazyWithIfeval = new(() => InstructionRegistry.Default.Union(Default));

    /// <summary>The 58 IFBench ids.</summary>
    public static InstructionRegistry Default => LazyDefault.Value;

    /// <summary>IFEval's ids and IFBench's together (they do not overlap), for data that mixes both families.</summary>
    public static InstructionRegistry WithIfeval => LazyWithIfeval.Value;

    private delegate Func<string, bool> RuleFactory(InstructionArgs args);

    private static InstructionRegistry Build()
    {
        var rules = new Dictionary<string, (string[] Args, RuleFactory Factory)>(StringComparer.Ordinal)
        {
            ["count:word_count_range"] = (["min_words", "max_words"], a =>
            {
                double min = a.Number("min_words"), max = a.Number("max_words");
                return v => CountChecks.WordCountRange(v, min, max);
            }),
            ["count:unique_word_count"] = (["N"], a => { double n = a.Number("N"); return v => CountChecks.UniqueWordCount(v, n); }),
            ["ratio:stop_words"] = (["percentage"], a => { double p = a.Number("percentage"); return v => RatioChecks.StopWords(v, p); }),
            ["ratio:sentence_type"] = ([], _ => RatioChecks.SentenceType),
            ["ratio:sentence_balance"] = ([], _ => RatioChecks.SentenceBalance),
            ["count:conjunctions"] = (["small_n"], a => { double n = a.Number("small_n"); return v => CountChecks.Conjunctions_(v, n); }),
            ["count:person_names"] = (["N"], a => { double n = a.Number("N"); return v => CountChecks.PersonNames_(v, n); }),
            ["ratio:overlap"] = (["reference_text", "percentage"], a =>
            {
                string reference = a.String("reference_text");
                double p = a.Number("percentage");
                return v => RatioChecks.Overlap(v, reference, p);
            }),
            ["count:numbers"] = (["N"], a => { double n = a.Number("N"); return v => CountChecks.Numbers(v, n); }),
            ["words:alphabet"] = ([], _ => WordsChecks.AlphabetLoop),
            ["words:vowel"] = ([], _ => WordsChecks.SingleVowelParagraph),
            ["words:consonants"] = ([], _ => WordsChecks.ConsonantCluster),
            ["sentence:alliteration_increment"] = ([], _ => SentenceChecks.AlliterationIncrement),
            ["words:palindrome"] = ([], _ => WordsChecks.Palindrome),
            ["count:punctuation"] = ([], _ => CountChecks.Punctuation_),
            ["format:parentheses"] = ([], _ => FormatChecks.NestedParentheses),
            ["format:quotes"] = ([], _ => FormatChecks.NestedQuotes),
            ["words:prime_lengths"] = ([], _ => WordsChecks.PrimeLengths),
            ["format:options"] = (["options"], a => new OptionsChecker(a.String("options")).Check),
            ["format:newline"] = ([], _ => FormatChecks.NewLineWords),
            ["format:emoji"] = ([], _ => FormatChecks.EmojiSentence),
            ["ratio:sentence_words"] = ([], _ => RatioChecks.SentenceWords),
            ["count:words_japanese"] = (["N"], a => { double n = a.Number("N"); return v => CountChecks.WordsJapanese(v, n); }),
            ["words:start_verb"] = ([], _ => WordsChecks.StartWithVerb),
            ["words:repeats"] = (["small_n"], a => { double n = a.Number("small_n"); return v => WordsChecks.LimitedWordRepeat(v, n); }),
            ["sentence:keyword"] = (["word", "N"], a =>
            {
                string word = a.NonEmptyString("word");
                double n = a.Number("N");
                return v => SentenceChecks.Keyword(v, word, n);
            }),
            ["count:pronouns"] = (["N"], a => { double n = a.Number("N"); return v => CountChecks.Pronouns_(v, n); }),
            ["words:odd_even_syllables"] = ([], _ => WordsChecks.AlternateParitySyllables),
            ["words:last_first"] = ([], _ => WordsChecks.LastWordFirstNext),
            ["words:paragraph_last_first"] = ([], _ => WordsChecks.ParagraphLastFirstWordMatch),
            ["sentence:increment"] = (["small_n"], a => { double n = a.Number("small_n"); return v => SentenceChecks.Increment(v, n); }),
            ["words:no_consecutive"] = ([], _ => WordsChecks.NoConsecutiveFirstLetter),
            ["format:line_indent"] = ([], _ => FormatChecks.IndentStairs),
            ["format:quote_unquote"] = ([], _ => FormatChecks.QuoteExplanation),
            ["format:list"] = (["sep"], a => { string sep = a.String("sep"); return v => FormatChecks.SpecialBulletPoints(v, sep); }),
            ["format:thesis"] = ([], _ => FormatChecks.ItalicsThesis),
            ["format:sub-bullets"] = ([], _ => FormatChecks.SubBulletPoints),
            ["format:no_bullets_bullets"] = ([], _ => FormatChecks.SomeBulletPoints),
            ["custom:multiples"] = ([], _ => CustomChecks.Multiples),
            ["custom:mcq_count_length"] = ([], _ => CustomChecks.MultipleChoiceQuestions),
            ["custom:reverse_newline"] = ([], _ => CustomChecks.ReverseNewline),
            ["custom:word_reverse"] = ([], _ => CustomChecks.WordReverseOrder),
            ["custom:character_reverse"] = ([], _ => CustomChecks.CharacterReverseOrder),
            ["custom:sentence_alphabet"] = ([], _ => CustomChecks.SentenceAlphabet),
            ["custom:european_capitals_sort"] = ([], _ => CustomChecks.EuropeanCapitalsSort),
            ["custom:csv_city"] = ([], _ => CustomChecks.CityCsv),
            ["custom:csv_special_character"] = ([], _ => CustomChecks.SpecialCharacterCsv),
            ["custom:csv_quotes"] = ([], _ => CustomChecks.QuotesCsv),
            ["custom:date_format_list"] = ([], _ => CustomChecks.DateFormatList),
            ["count:keywords_multiple"] = (["keyword1", "keyword2", "keyword3", "keyword4", "keyword5"], a =>
            {
                string[] keywords = [.. Enumerable.Range(1, 5).Select(k => PyStr.Strip(a.String($"keyword{k}")))];
                return v => CountChecks.KeywordsMultiple(v, keywords);
            }),
            ["words:keywords_specific_position"] = (["keyword", "n", "m"], a =>
            {
                string keyword = PyStr.Strip(a.NonEmptyString("keyword"));
                long n = a.Int("n", min: 1), m = a.Int("m", min: 1);
                return v => WordsChecks.KeywordSpecificPosition(v, keyword, n, m);
            }),
            ["words:words_position"] = (["keyword"], a => { string k = PyStr.Strip(a.String("keyword")); return v => WordsChecks.WordsPosition(v, k); }),
            ["repeat:repeat_change"] = (["prompt_to_repeat"], a =>
            {
                string prompt = a.NonEmptyString("prompt_to_repeat");
                return v => RepeatChecks.RepeatChange(v, prompt);
            }),
            ["repeat:repeat_simple"] = ([], _ => RepeatChecks.RepeatSimple),
            ["repeat:repeat_span"] = (["prompt_to_repeat", "n_start", "n_end"], a =>
            {
                string prompt = a.NonEmptyString("prompt_to_repeat");
                // n_start = 0 makes upstream draw a random start (`if not n_start`); Raif reads it as 0, the evident intent.
                long start = a.Int("n_start", min: 0), end = a.Int("n_end", min: 1);
                return v => RepeatChecks.RepeatSpan(v, prompt, start, end);
            }),
            ["format:title_case"] = ([], _ => FormatChecks.TitleCase),
            ["format:output_template"] = ([], _ => FormatChecks.OutputTemplate),
            ["format:no_whitespace"] = ([], _ => FormatChecks.NoWhitespace),
        };
        return InstructionRegistry.Of(rules.Select(pair =>
            new KeyValuePair<string, Func<JsonElement, IfevalOptions, IInstructionChecker>>(pair.Key, (kwargs, _) =>
                new RuleChecker(pair.Value.Factory(new InstructionArgs(pair.Key, kwargs, pair.Value.Args))))));
    }
}
