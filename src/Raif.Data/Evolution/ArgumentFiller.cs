using Raif.Data.Seeds;
using Raif.Verifiers.IfEval;

namespace Raif.Data.Evolution;

/// <summary>
/// Fills the arguments of a conflict-free set of constraint ids for one seed. Numbers and enumerated values are
/// drawn from IFEval's own ranges (instructions.py: up to 20 sentences, 5 paragraphs, 100–500 words, 4
/// placeholders, 5 bullets, 4 highlights, 5 sections, keyword frequency up to 3, letter frequency up to 10,
/// capital words up to 20; "Section"/"SECTION", "P.S."/"P.P.S", its two ending phrases); the semantic arguments
/// take words of the seed. Argument-level rules keep every combination satisfiable (docs/data.md lists them):
/// <list type="bullet">
/// <item>semantic words are distinct, and a word the response must avoid (forbidden, or a keyword "less than") is not part of any text it must contain;</item>
/// <item>a letter that must stay rare ("less than") occurs in no text the response must contain;</item>
/// <item>"less than N sentences" has N ≥ 5 (a non-empty response is at least one sentence, and the required
/// parts — ending phrase, postscript — may add a few);</item>
/// <item>with english_capital the section splitter is "SECTION", with capital words "less than" it is "Section";</item>
/// <item>repeat_prompt with no_comma needs a seed without an ASCII comma (the seed is repeated verbatim).</item>
/// </list>
/// </summary>
internal sealed class ArgumentFiller
{
    private static readonly string[] Relations = ["less than", "at least"];
    private static readonly string[] EnglishEndings = ["Any other questions?", "Is there anything else I can help with?"];
    private static readonly string[] ChineseEndings = ["还有其他问题吗？", "还有什么需要我帮忙的吗？"];
    private static readonly string[] Markers = ["P.S.", "P.P.S"];
    private static readonly string[] Splitters = ["Section", "SECTION"];

    /// <summary>
    /// The constraints with arguments, in the order of <paramref name="ids"/>; null when the seed (or the fitted
    /// words) cannot support them. Semantic arguments come from <paramref name="fitted"/> when given, role by role,
    /// else from the seed's words.
    /// </summary>
    public static Constraint[]? Fill(IReadOnlyList<string> ids, Seed seed, SplitMix64 rng, SemanticWords? fitted = null)
    {
        var set = ids.ToHashSet(StringComparer.Ordinal);
        if (set.Contains(IfevalIds.RepeatPrompt) && set.Contains(IfevalIds.NoComma) && seed.Text.Contains(','))
            return null;
        var args = new Dictionary<string, List<KeyValuePair<string, object>>>(StringComparer.Ordinal);
        foreach (var id in ids)
            args[id] = [];
        void Set(string id, string name, object value) => args[id].Add(new(name, value));

        // Texts the response must contain (lower-cased), which rare letters and forbidden words must avoid.
        var required = new List<string>();
        var words = new WordPicker(rng.Shuffled(seed.Words), fitted, required);

        // 1. Fixed texts and numbers.
        foreach (var id in ids)
        {
            switch (id)
            {
                case IfevalIds.ResponseLanguage:
                    Set(id, "language", ConstraintPool.LanguageCode(seed.Language));
                    break;
                case IfevalIds.NumberSentences:
                {
                    string relation = rng.Pick(Relations);
                    Set(id, "num_sentences", relation == "less than" ? rng.Between(5, 20) : rng.Between(1, 20));
                    Set(id, "relation", relation);
                    break;
                }
                case IfevalIds.NumberParagraphs:
                    Set(id, "num_paragraphs", rng.Between(1, 5));
                    break;
                case IfevalIds.NumberWords:
                    Set(id, "num_words", rng.Between(100, 500));
                    Set(id, "relation", rng.Pick(Relations));
                    break;
                case IfevalIds.NumberPlaceholders:
                    Set(id, "num_placeholders", rng.Between(1, 4));
                    break;
                case IfevalIds.Postscript:
                {
                    string marker = rng.Pick(Markers);
                    Set(id, "postscript_marker", marker);
                    required.Add(marker.ToLowerInvariant());
                    break;
                }
                case IfevalIds.NumberBulletLists:
                    Set(id, "num_bullets", rng.Between(1, 5));
                    break;
                case IfevalIds.NumberHighlightedSections:
                    Set(id, "num_highlights", rng.Between(1, 4));
                    break;
                case IfevalIds.RepeatPrompt:
                    Set(id, "prompt_to_repeat", seed.Text);
                    required.Add(seed.Text.ToLowerInvariant());
                    break;
                case IfevalIds.EndChecker:
                {
                    string phrase = rng.Pick(seed.Language == Seed.Chinese ? ChineseEndings : EnglishEndings);
                    Set(id, "end_phrase", phrase);
                    required.Add(phrase.ToLowerInvariant());
                    break;
                }
                case IfevalIds.CapitalWordFrequency:
                    Set(id, "capital_frequency", rng.Between(1, 20));
                    Set(id, "capital_relation", rng.Pick(Relations));
                    break;
            }
        }
        if (set.Contains(IfevalIds.MultipleSections))
        {
            string splitter = rng.Pick(Splitters);
            if (set.Contains(IfevalIds.EnglishCapital))
                splitter = "SECTION";
            else if (set.Contains(IfevalIds.CapitalWordFrequency) && (string)args[IfevalIds.CapitalWordFrequency][1].Value == "less than")
                splitter = "Section";
            Set(IfevalIds.MultipleSections, "section_spliter", splitter);
            Set(IfevalIds.MultipleSections, "num_sections", rng.Between(1, 5));
            required.Add(splitter.ToLowerInvariant());
        }

        // 2. Semantic words from the seed: words the response must contain first, then those it must avoid.
        if (set.Contains(IfevalIds.KeywordsExistence))
        {
            var keywords = words.Take(SemanticRole.Keywords, 2, mustAppear: true);
            if (keywords.Length == 0)
                return null;
            Set(IfevalIds.KeywordsExistence, "keywords", keywords);
        }
        if (set.Contains(IfevalIds.NthParagraphFirstWord))
        {
            long paragraphs = rng.Between(1, 5);
            long nth = rng.Between(1, paragraphs);
            var first = words.Take(SemanticRole.FirstWord, 1, mustAppear: true);
            if (first.Length == 0)
                return null;
            Set(IfevalIds.NthParagraphFirstWord, "num_paragraphs", paragraphs);
            Set(IfevalIds.NthParagraphFirstWord, "nth_paragraph", nth);
            Set(IfevalIds.NthParagraphFirstWord, "first_word", first[0]);
        }
        if (set.Contains(IfevalIds.KeywordsFrequency))
        {
            string relation = rng.Pick(Relations);
            var keyword = words.Take(SemanticRole.FrequencyKeyword, 1, mustAppear: relation == "at least");
            if (keyword.Length == 0)
                return null;
            Set(IfevalIds.KeywordsFrequency, "keyword", keyword[0]);
            Set(IfevalIds.KeywordsFrequency, "frequency", rng.Between(1, 3));
            Set(IfevalIds.KeywordsFrequency, "relation", relation);
        }
        if (set.Contains(IfevalIds.KeywordsForbiddenWords))
        {
            var forbidden = words.Take(SemanticRole.ForbiddenWords, 2, mustAppear: false);
            if (forbidden.Length == 0)
                return null;
            Set(IfevalIds.KeywordsForbiddenWords, "forbidden_words", forbidden);
        }

        // 3. The letter last, once every text the response must contain is known.
        if (set.Contains(IfevalIds.KeywordsLetterFrequency))
        {
            string relation = rng.Pick(Relations);
            var letters = Enumerable.Range('a', 26).Select(c => ((char)c).ToString());
            if (relation == "less than")
                letters = letters.Where(l => !required.Any(r => r.Contains(l, StringComparison.Ordinal)));
            var candidates = letters.ToList();
            if (candidates.Count == 0)
                return null;
            Set(IfevalIds.KeywordsLetterFrequency, "letter", rng.Pick(candidates));
            Set(IfevalIds.KeywordsLetterFrequency, "let_frequency", rng.Between(1, 10));
            Set(IfevalIds.KeywordsLetterFrequency, "let_relation", relation);
        }
        return [.. ids.Select(id => new Constraint(id, args[id]))];
    }

    /// <summary>
    /// Hands out distinct words: the seed's (one shared pool for every role) or, when a model fitted words to the
    /// seed, those of the role asked for. A word the response must avoid is never part of a text it must contain
    /// (that text would bring the word along); a word it must contain becomes such a text.
    /// </summary>
    private sealed class WordPicker(List<string> pool, SemanticWords? fitted, List<string> required)
    {
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);
        private int _next;

        public string[] Take(SemanticRole role, int count, bool mustAppear)
        {
            var taken = new List<string>(count);
            if (fitted is not null)
            {
                foreach (var word in fitted.For(role))
                {
                    if (taken.Count < count)
                        Offer(word, mustAppear, taken);
                }
                return [.. taken];
            }
            while (taken.Count < count && _next < pool.Count)
                Offer(pool[_next++], mustAppear, taken);
            return [.. taken];
        }

        private void Offer(string word, bool mustAppear, List<string> taken)
        {
            string w = word.ToLowerInvariant();
            if (_used.Contains(w) || (!mustAppear && required.Any(t => t.Contains(w, StringComparison.Ordinal))))
                return;
            _used.Add(w);
            taken.Add(w);
            if (mustAppear)
                required.Add(w);
        }
    }
}
