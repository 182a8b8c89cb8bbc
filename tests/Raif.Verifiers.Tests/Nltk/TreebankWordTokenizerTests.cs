using Raif.Core.Text;
using Raif.Tests.Shared;
using Raif.Verifiers.IfEval;
using Raif.Verifiers.Nltk;

namespace Raif.Verifiers.Tests.Nltk;

/// <summary>
/// The hand-written Treebank tokenizer against NLTK 3.8 on edge cases, and against the regex port it replaced
/// (<see cref="RegexTreebankReference"/>) on every sentence of real responses and on random strings of the characters
/// the rules look at.
/// </summary>
public class TreebankWordTokenizerTests
{
    // Expected tokens: NLTK 3.8's NLTKWordTokenizer().tokenize(text) (Debian's python3-nltk 3.8, CPython 3.11).
    public static TheoryData<string, string[]> NltkCases => new()
    {
        { "\"Hello,\" she said, \"it's fine.\"", new string[] { "``", "Hello", ",", "''", "she", "said", ",", "``", "it", "'s", "fine", ".", "''" } },
        { "I cannot go; you gonna come? 'Tis true, 'twas so.", new string[] { "I", "can", "not", "go", ";", "you", "gon", "na", "come", "?", "'T", "is", "true", ",", "'t", "was", "so", "." } },
        { "Lemme see, gimme that, wanna go , more'n d'ye gotta", new string[] { "Lem", "me", "see", ",", "gim", "me", "that", ",", "wan", "na", "go", ",", "more", "'n", "d", "'ye", "got", "ta" } },
        { "Wait... really?! Yes.. no....", new string[] { "Wait", "...", "really", "?", "!", "Yes", "..", "no", "...." } },
        { "(See [note] {here} <there>) and -- or --- and ----.", new string[] { "(", "See", "[", "note", "]", "{", "here", "}", "<", "there", ">", ")", "and", "--", "or", "--", "-", "and", "--", "--", "." } },
        { "The U.S. is big.", new string[] { "The", "U.S.", "is", "big", "." } },
        { "It costs $1,000,000 and 3,5 or a,b: c:1.", new string[] { "It", "costs", "$", "1,000,000", "and", "3,5", "or", "a", ",", "b", ":", "c:1", "." } },
        { "``Quoted'' and `single` and ```triple``` text", new string[] { "``", "Quoted", "''", "and", "`", "single", "`", "and", "``", "`", "triple", "``", "`", "text" } },
        { "He said ''hello'' (''again'') [\"yes\"]", new string[] { "He", "said", "``", "hello", "''", "(", "``", "again", "''", ")", "[", "``", "yes", "''", "]" } },
        { "don't won't can't I'm you're we've they'll she'd it's DON'T I'LL WE'RE", new string[] { "do", "n't", "wo", "n't", "ca", "n't", "I", "'m", "you", "'re", "we", "'ve", "they", "'ll", "she", "'d", "it", "'s", "DO", "N'T", "I", "'LL", "WE", "'RE" } },
        { "The dogs' bones' size' here.", new string[] { "The", "dogs", "'", "bones", "'", "size", "'", "here", "." } },
        { "«Bonjour» “quoted” ‘single’ „low“ end’s", new string[] { "«", "Bonjour", "»", "“", "quoted", "”", "‘", "single", "’", "„", "low", "“", "end", "’", "s" } },
        { "Ends with a period inside quotes.\"", new string[] { "Ends", "with", "a", "period", "inside", "quotes", ".", "''" } },
        { "Ends with closers.)]'\"  ", new string[] { "Ends", "with", "closers", ".", ")", "]", "'", "''" } },
        { "naïve café résumé — über straße ſtraße Kelvin K 'K 'ſ ı İ gİmme", new string[] { "naïve", "café", "résumé", "—", "über", "straße", "ſtraße", "Kelvin", "K", "'", "K", "'ſ", "ı", "İ", "gİm", "me" } },
        { "'x 'y' z'  'ab 'm 'n 'T", new string[] { "'", "x", "'", "y", "'", "z", "'", "'ab", "'m", "'n", "'T" } },
        { "x' ' ' y '' z ''' w", new string[] { "x", "'", "'", "'", "y", "``", "z", "``", "'", "w" } },
        { "email@example.com #tag 50% A&B *bold* ;semi", new string[] { "email", "@", "example.com", "#", "tag", "50", "%", "A", "&", "B", "*", "bold", "*", ";", "semi" } },
        { "colon:here, comma,,double ,, a,\n", new string[] { "colon", ":", "here", ",", "comma", ",", ",double", ",", ",", "a", "," } },
        { "tab\tseparated\u00a0nbsp\u2003em\u001cfs.", new string[] { "tab", "separated", "nbsp", "em", "fs", "." } },
        { "wanna. wanna, wanna\tgo cannot'tis 'tis'tis", new string[] { "wanna.", "wan", "na", ",", "wan", "na", "go", "can", "not", "'t", "is", "'t", "is", "'tis" } },
        { "3.14 and 2. and .5 and ... and a.b.c.", new string[] { "3.14", "and", "2.", "and", ".5", "and", "...", "and", "a.b.c", "." } },
        { "Mr. Smith's 'quoted' word's end.", new string[] { "Mr.", "Smith", "'s", "'quoted", "'", "word", "'s", "end", "." } },
        { "\"Start quote (\"inner\") end\"", new string[] { "``", "Start", "quote", "(", "``", "inner", "''", ")", "end", "''" } },
        { "x--y a-b", new string[] { "x", "--", "y", "a-b" } },
        { "", new string[] {  } },
        { ".", new string[] { "." } },
        { "...", new string[] { "..." } },
        { "?!", new string[] { "?", "!" } },
        { "'", new string[] { "'" } },
        { "a'", new string[] { "a", "'" } },
        { "gımme GİMME x 'tİs x 'tıs x 'twaſ 'Tıs", new string[] { "gım", "me", "GİM", "ME", "x", "'t", "İs", "x", "'t", "ıs", "x", "'t", "waſ", "'T", "ıs" } },
        { "'ſ 'S 's 'İ 'ı 'K", new string[] { "'ſ", "'S", "'s", "'", "İ", "'", "ı", "'", "K" } },
        { "more'N D'YE Wanna\u00a0go", new string[] { "more", "'N", "D", "'YE", "Wan", "na", "go" } },
    };

    [Theory]
    [MemberData(nameof(NltkCases))]
    public void Tokenizes_edge_cases_as_nltk_does(string text, string[] expected) =>
        Assert.Equal(expected, TreebankWordTokenizer.Instance.Tokenize(text));

    [Fact]
    public void Equals_the_regex_reference_on_every_sentence_of_the_committed_ifeval_prompts_and_responses()
    {
        var texts = IfevalFiles.ReadInputs(TestData.InputData).Select(i => i.Prompt)
            .Concat(IfevalFiles.ReadResponses(TestData.Gpt4Responses).Values).ToList();
        Assert.Equal(2 * 541, texts.Count);
        int sentences = AssertSameTokens(texts);
        Assert.True(sentences > 9000, $"{sentences} sentences");
    }

    [SkippableFact]
    public void Equals_the_regex_reference_on_every_sentence_of_the_ifbench_prompts()
    {
        var texts = IfevalFiles.ReadInputs(TestDataFolder.External("ifbench", "IFBench_test.jsonl")).Select(i => i.Prompt).ToList();
        Assert.NotEmpty(texts);
        AssertSameTokens(texts);
    }

    // No İ, ı or ſ: there the regex port compared letters as .NET does and NLTK does not (the edge cases above).
    [Fact]
    public void Equals_the_regex_reference_on_random_strings_of_the_characters_the_rules_look_at()
    {
        string[] atoms =
        [
            "a", "B", "x", "s", "S", "m", "d", "D", "n", "N", "t", "T", "ll", "LL", "re", "ve", "1", "0", "_", "é", "K",
            "cannot", "CanNot", "gimme", "gonna", "gotta", "lemme", "wanna", "more", "d'ye", "more'n", "'tis", "'Twas", "n't", "N'T",
            "'", "''", "\"", "`", "``", "«", "»", "“", "”", "‘", "’", "„", ".", "..", ",", ":", ";", "?", "!", "@", "#", "$", "%", "&",
            "*", "(", ")", "[", "]", "{", "}", "<", ">", "-", "--", " ", " ", " ", "\t", "\n", "\u00a0", "\u001c", "\ud83d\ude00",
        ];
        var random = new Random(15);
        var differences = new List<string>();
        for (int k = 0; k < 30_000; k++)
        {
            int length = random.Next(0, 16);
            string text = string.Concat(Enumerable.Range(0, length).Select(_ => atoms[random.Next(atoms.Length)]));
            var expected = RegexTreebankReference.Instance.Tokenize(text);
            var actual = TreebankWordTokenizer.Instance.Tokenize(text);
            if (!expected.SequenceEqual(actual) && differences.Count < 10)
                differences.Add($"{Quote(text)}: expected [{string.Join(" | ", expected)}], got [{string.Join(" | ", actual)}]");
        }
        Assert.Empty(differences);
    }

    [Fact]
    public void Counting_words_without_strings_counts_the_same_tokens()
    {
        // Hand-checked: "NASA and the U.S. said: OK!" → NASA, and, the, U.S., said, :, OK, ! — upper: NASA, U.S., OK.
        Assert.Equal(3, NltkTokenize.CountWords("NASA and the U.S. said: OK!", PyStr.IsUpper));
        foreach (string response in IfevalFiles.ReadResponses(TestData.Gpt4Responses).Values)
        {
            var words = NltkTokenize.Words(response);
            Assert.Equal(words.Count, NltkTokenize.CountWords(response, _ => true));
            Assert.Equal(words.Count(PyStr.IsUpper), NltkTokenize.CountWords(response, PyStr.IsUpper));
        }
    }

    // Every Punkt sentence of each text, and each whole text (newlines and all) as one sentence.
    private static int AssertSameTokens(IEnumerable<string> texts)
    {
        var differences = new List<string>();
        int count = 0;
        foreach (string text in texts)
        {
            foreach (string sentence in NltkTokenize.Sentences(text).Append(text))
            {
                count++;
                var expected = RegexTreebankReference.Instance.Tokenize(sentence);
                var actual = TreebankWordTokenizer.Instance.Tokenize(sentence);
                if (!expected.SequenceEqual(actual) && differences.Count < 10)
                    differences.Add($"{Quote(sentence)}: expected [{string.Join(" | ", expected)}], got [{string.Join(" | ", actual)}]");
            }
        }
        Assert.Empty(differences);
        return count;
    }

    private static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s);
}
