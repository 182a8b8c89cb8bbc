using System.Text;
using Raif.Core.Text;
using Raif.Verifiers.IfEval;
using Raif.Verifiers.Nltk;
using static Raif.Verifiers.IfBench.IfBenchText;

namespace Raif.Verifiers.IfBench.Checkers;

/// <summary>IFBench's <c>words:*</c> checkers (2025 semantics).</summary>
internal static class WordsChecks
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz";

    /// <summary><c>words:alphabet</c>: word initials follow the alphabet from the first word's, wrapping after z.
    /// A response without words (after removing punctuation) raises IndexError upstream.</summary>
    public static bool AlphabetLoop(string value)
    {
        var words = PyStr.Split(PyStr.Strip(RemovePunctuation(value), PunctuationAndSpace));
        if (words.Count == 0)
            throw CheckRaisedException.IndexError("list index out of range (no words)");
        // words[0][0].lower() may be two characters (İ), which is then not "in" the alphabet.
        string letter = PyStr.Lower(char.IsHighSurrogate(words[0][0]) && words[0].Length > 1 ? words[0][..2] : words[0][..1]);
        if (letter.Length != 1 || !Alphabet.Contains(letter[0]))
            return false;
        int current = Alphabet.IndexOf(letter[0]);
        foreach (string raw in words.Skip(1))
        {
            string word = PyStr.Lower(PyStr.Strip(raw, PunctuationAndSpace));
            if (word.Length == 0)
                continue;
            current = (current + 1) % 26;
            if (word[0] != Alphabet[current])
                return false;
        }
        return true;
    }

    /// <summary><c>words:vowel</c>: one line (after strip) that uses at most three of a, e, i, o, u.</summary>
    public static bool SingleVowelParagraph(string value)
    {
        string stripped = PyStr.Strip(value);
        if (stripped.Contains('\n'))
            return false;
        string paragraph = PyStr.Lower(stripped);
        return "aeiou".Count(v => paragraph.Contains(v)) <= 3;
    }

    private const string Consonants = "bcdfghjklmnpqrstvwxyz";

    /// <summary><c>words:consonants</c>: every whitespace word has two adjacent consonant letters.</summary>
    public static bool ConsonantCluster(string value)
    {
        foreach (string word in PyStr.Split(PyStr.Strip(PyStr.Lower(value))))
        {
            bool cluster = false;
            for (int i = 0; i + 1 < word.Length && !cluster; i++)
                cluster = Consonants.Contains(word[i]) && Consonants.Contains(word[i + 1]);
            if (!cluster)
                return false;
        }
        return true;
    }

    /// <summary><c>words:palindrome</c>: at least 10 words (punctuation removed, lower-cased) of 5+ characters that
    /// read the same backwards.</summary>
    public static bool Palindrome(string value)
    {
        int count = 0;
        foreach (string word in PyStr.Split(PyStr.Lower(RemovePunctuation(value))))
        {
            var chars = Chars(word);
            if (chars.Length >= 5 && chars.SequenceEqual(chars.Reverse()))
                count++;
        }
        return count >= 10;
    }

    private static readonly HashSet<int> Primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97];

    /// <summary><c>words:prime_lengths</c>: every word (punctuation removed) has a prime length below 100.</summary>
    public static bool PrimeLengths(string value) =>
        PyStr.Split(RemovePunctuation(value)).All(w => Primes.Contains(Length(w)));

    /// <summary><c>words:start_verb</c>: NLTK tags the first <c>word_tokenize</c> token as a verb (VB*).</summary>
    public static bool StartWithVerb(string value)
    {
        var tokens = NltkTokenize.Words(value);
        return tokens.Count > 0 && PerceptronTagger.English.Tag(tokens, limit: 1)[0].Contains("VB", StringComparison.Ordinal);
    }

    /// <summary><c>words:repeats</c>: no lower-cased, punctuation-free word occurs more than small_n times.</summary>
    public static bool LimitedWordRepeat(string value, double smallN)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string word in PyStr.Split(RemovePunctuation(PyStr.Lower(value))))
            counts[word] = counts.GetValueOrDefault(word) + 1;
        return counts.Values.All(c => c <= smallN);
    }

    /// <summary><c>words:odd_even_syllables</c>: syllapy's syllable counts alternate in parity from word to word.</summary>
    public static bool AlternateParitySyllables(string value)
    {
        var parities = PyStr.Split(PyStr.Lower(RemovePunctuation(value)))
            .Where(w => PyStr.Strip(w).Length > 0)
            .Select(w => Syllapy.Count(w) % 2)
            .ToList();
        for (int i = 0; i + 1 < parities.Count; i++)
        {
            if (parities[i] == parities[i + 1])
                return false;
        }
        return true;
    }

    /// <summary><c>words:last_first</c>: each sentence's last word is the next sentence's first (case-insensitive).
    /// A sentence with no words (only punctuation) raises IndexError upstream.</summary>
    public static bool LastWordFirstNext(string value)
    {
        var sentences = SplitIntoSentences(value);
        for (int i = 0; i + 1 < sentences.Count; i++)
        {
            var last = PyStr.Split(PyStr.RStrip(sentences[i], PunctuationAndSpace));
            if (last.Count == 0)
                throw CheckRaisedException.IndexError($"list index out of range (sentence {i + 1} has no words)");
            var first = PyStr.Split(PyStr.LStrip(sentences[i + 1], PunctuationAndSpace));
            if (first.Count == 0)
                throw CheckRaisedException.IndexError($"list index out of range (sentence {i + 2} has no words)");
            if (PyStr.Lower(last[^1]) != PyStr.Lower(first[0]))
                return false;
        }
        return true;
    }

    /// <summary><c>words:paragraph_last_first</c>: every non-empty line starts and ends with the same word
    /// (lower-cased, punctuation-stripped); a line of only punctuation is skipped (the c94da02 fix).</summary>
    public static bool ParagraphLastFirstWordMatch(string value)
    {
        foreach (string line in value.Split('\n'))
        {
            string paragraph = PyStr.Lower(PyStr.Strip(line));
            if (paragraph.Length == 0)
                continue;
            var words = PyStr.Split(PyStr.Strip(paragraph, PunctuationAndSpace));
            if (words.Count == 0)
                continue;
            if (words[0] != words[^1])
                return false;
        }
        return true;
    }

    /// <summary><c>words:no_consecutive</c>: no two neighbouring words (lower-cased, punctuation removed) share a first letter.</summary>
    public static bool NoConsecutiveFirstLetter(string value)
    {
        var words = PyStr.Split(RemovePunctuation(PyStr.Lower(value)));
        for (int i = 0; i + 1 < words.Count; i++)
        {
            if (First(words[i]) == First(words[i + 1]))
                return false;
        }
        return true;
    }

    /// <summary><c>words:keywords_specific_position</c>: the m-th <c>word_tokenize</c> token of the n-th sentence is
    /// the keyword (exact, case-sensitive).</summary>
    public static bool KeywordSpecificPosition(string value, string keyword, long n, long m)
    {
        var sentences = SplitIntoSentences(value);
        if (sentences.Count < n)
            return false;
        var words = NltkTokenize.Words(sentences[(int)n - 1]);
        if (words.Count < m)
            return false;
        return words[(int)m - 1] == keyword;
    }

    /// <summary><c>words:words_position</c>: the second and the second-to-last <c>word_tokenize</c> tokens are the keyword.</summary>
    public static bool WordsPosition(string value, string keyword)
    {
        var words = NltkTokenize.Words(value);
        return words.Count >= 2 && words[1] == words[^2] && words[1] == keyword;
    }
}
