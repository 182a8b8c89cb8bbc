using System.Text;
using Raif.Core.Text;
using Raif.Verifiers.IfEval;
using static Raif.Verifiers.IfBench.IfBenchText;

namespace Raif.Verifiers.IfBench.Checkers;

/// <summary>IFBench's <c>count:*</c> checkers (2025 semantics), one static rule each.</summary>
internal static class CountChecks
{
    /// <summary><c>count:word_count_range</c>: min_words ≤ number of <c>\w+</c> tokens ≤ max_words.</summary>
    public static bool WordCountRange(string value, double minWords, double maxWords)
    {
        int n = WordTokens(value).Count;
        return minWords <= n && n <= maxWords;
    }

    /// <summary><c>count:unique_word_count</c>: at least N distinct lower-cased, punctuation-stripped words (an
    /// all-punctuation word counts as the empty word, as upstream's set does).</summary>
    public static bool UniqueWordCount(string value, double n)
    {
        var unique = new HashSet<string>(StringComparer.Ordinal);
        foreach (string word in PyStr.Split(PyStr.Lower(value)))
            unique.Add(PyStr.Strip(word, PunctuationAndSpace));
        return unique.Count >= n;
    }

    private static readonly string[] Conjunctions = ["and", "but", "for", "nor", "or", "so", "yet"];

    /// <summary><c>count:conjunctions</c>: at least small_n different coordinating-conjunction words. Upstream's set
    /// holds the words as written ("And" and "and," are two), which is kept.</summary>
    public static bool Conjunctions_(string value, double smallN)
    {
        var unique = new HashSet<string>(StringComparer.Ordinal);
        foreach (string word in PyStr.Split(value))
        {
            if (Array.IndexOf(Conjunctions, PyStr.Lower(PyStr.Strip(word, PunctuationAndSpace))) >= 0)
                unique.Add(word);
        }
        return unique.Count >= smallN;
    }

    internal static readonly string[] PersonNames =
    [
        "Emma", "Liam", "Sophia", "Jackson", "Olivia", "Noah", "Ava", "Lucas", "Isabella", "Mason", "Mia", "Ethan",
        "Charlotte", "Alexander", "Amelia", "Benjamin", "Harper", "Leo", "Zoe", "Daniel", "Chloe", "Samuel", "Lily",
        "Matthew", "Grace", "Owen", "Abigail", "Gabriel", "Ella", "Jacob", "Scarlett", "Nathan", "Victoria", "Elijah",
        "Layla", "Nicholas", "Audrey", "David", "Hannah", "Christopher", "Penelope", "Thomas", "Nora", "Andrew", "Aria",
        "Joseph", "Claire", "Ryan", "Stella", "Jonathan",
    ];

    /// <summary><c>count:person_names</c>: at least N of the 50 listed names occur as substrings (case-sensitive).</summary>
    public static bool PersonNames_(string value, double n) =>
        PersonNames.Count(name => value.Contains(name, StringComparison.Ordinal)) >= n;

    /// <summary><c>count:numbers</c>: exactly N runs of decimal digits once ASCII punctuation is removed.</summary>
    public static bool Numbers(string value, double n) => DigitRuns(RemovePunctuation(value)).Count == n;

    /// <summary><c>re.findall(r'\d+', s)</c> (Python's <c>\d</c>: category Nd).</summary>
    internal static List<string> DigitRuns(string s)
    {
        var runs = new List<string>();
        int i = 0, start = -1;
        while (i < s.Length)
        {
            int len = PyUnicode.LengthAt(s, i);
            bool digit = PyUnicode.IsDecimal(PyUnicode.RuneAt(s, i)) && (len == 2 || !char.IsSurrogate(s[i]));
            if (digit && start < 0)
                start = i;
            else if (!digit && start >= 0)
            {
                runs.Add(s[start..i]);
                start = -1;
            }
            i += len;
        }
        if (start >= 0)
            runs.Add(s[start..]);
        return runs;
    }

    private static readonly HashSet<string> Pronouns = new(StringComparer.Ordinal)
    {
        "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves", "you", "your", "yours",
        "yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its",
        "itself", "they", "them", "their", "theirs", "themselves",
    };

    /// <summary><c>count:pronouns</c>: at least N pronoun words ('/' separates words, as in "she/her").</summary>
    public static bool Pronouns_(string value, double n)
    {
        value = RemovePunctuation(PyStr.Lower(value.Replace('/', ' ')));
        return PyStr.Split(value).Count(Pronouns.Contains) >= n;
    }

    /// <summary><c>count:keywords_multiple</c>: keyword1..5 occur (case-insensitively, as substrings, non-overlapping)
    /// exactly 1, 2, 3, 5 and 7 times.</summary>
    public static bool KeywordsMultiple(string value, string[] keywords)
    {
        int[] counts = [1, 2, 3, 5, 7];
        string lower = PyStr.Lower(value);
        for (int k = 0; k < keywords.Length; k++)
        {
            if (CountOccurrences(lower, PyStr.Lower(keywords[k])) != counts[k])
                return false;
        }
        return true;
    }

    /// <summary>Python's <c>str.count(sub)</c>: non-overlapping occurrences; an empty <paramref name="sub"/> occurs
    /// len(s) + 1 times.</summary>
    internal static int CountOccurrences(string s, string sub)
    {
        if (sub.Length == 0)
            return Length(s) + 1;
        int count = 0, i = 0;
        while ((i = s.IndexOf(sub, i, StringComparison.Ordinal)) >= 0)
        {
            count++;
            i += sub.Length;
        }
        return count;
    }

    /// <summary><c>count:punctuation</c>: an interrobang (?! or !? or ‽) and each of . , ! ? ; : besides the one
    /// ?! (or !?) pair that is taken out first.</summary>
    public static bool Punctuation_(string value)
    {
        if (!(value.Contains("!?", StringComparison.Ordinal) || value.Contains("?!", StringComparison.Ordinal) || value.Contains('‽')))
            return false;
        string rest = RemoveFirst(value, "?!");
        if (rest.Length == value.Length)
            rest = RemoveFirst(value, "!?");
        foreach (char mark in ".,!?;:")
        {
            if (!rest.Contains(mark))
                return false;
        }
        return true;
    }

    private static string RemoveFirst(string s, string sub)
    {
        int i = s.IndexOf(sub, StringComparison.Ordinal);
        return i < 0 ? s : string.Concat(s.AsSpan(0, i), s.AsSpan(i + sub.Length));
    }

    /// <summary><c>count:words_japanese</c>: every N-th whitespace word (punctuation-stripped, not empty, not all
    /// digits) contains a kana or CJK ideograph (U+3040–U+30FF, U+4E00–U+9FFF). N = 0 divides by zero upstream.</summary>
    public static bool WordsJapanese(string value, double n)
    {
        var words = PyStr.Split(value);
        for (int i = 0; i < words.Count; i++)
        {
            if (n == 0)
                throw CheckRaisedException.ZeroDivisionError("float modulo (N is 0)");
            string word = PyStr.Strip(words[i], PunctuationAndSpace);
            if ((i + 1) % n == 0 && word.Length > 0 && !IsDigits(word) && !HasJapanese(word))
                return false;
        }
        return true;
    }

    private static bool HasJapanese(string word)
    {
        foreach (char c in word)
        {
            if (c is >= '\u3040' and <= '\u30ff' or >= '\u4e00' and <= '\u9fff')
                return true;
        }
        return false;
    }

    /// <summary>Python's <c>str.isdigit()</c>.</summary>
    internal static bool IsDigits(string s)
    {
        if (s.Length == 0)
            return false;
        foreach (Rune r in s.EnumerateRunes())
        {
            if (!Nltk.PerceptronTagger.IsDigit(r))
                return false;
        }
        return true;
    }
}
