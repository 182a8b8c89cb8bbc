using System.Text.RegularExpressions;

namespace Raif.Data.Seeds;

/// <summary>
/// Content words of a seed, for semantic constraint arguments filled offline. English: lower-cased runs of ASCII
/// letters of at least four letters that are not function words, in order of appearance. Chinese has no spaces,
/// so without a segmenter the candidates are the seed's two-character runs between function characters; the
/// built-in seeds carry hand-picked words instead.
/// </summary>
public static partial class SeedWords
{
    // Function words that make poor keywords; a short list suffices because only words of 4+ letters are kept.
    private static readonly HashSet<string> EnglishStopWords = new(StringComparer.Ordinal)
    {
        "about", "after", "also", "been", "before", "being", "could", "does", "each", "from", "have", "help", "into",
        "just", "like", "make", "many", "more", "most", "much", "must", "other", "over", "please", "should", "some",
        "such", "than", "that", "their", "them", "then", "there", "these", "they", "this", "those", "through", "very",
        "want", "were", "what", "when", "where", "which", "while", "will", "with", "would", "your", "give", "write",
        "explain", "describe", "suggest", "tips", "short", "simple", "ways", "someone", "something", "away", "here",
    };

    private const string ChineseFunctionChars = "的了和与在是一个为请写用把给如何什么为吗呢吧以及并且或者我你他她它们这那些就都也很更最要会能对从向让被";

    [GeneratedRegex("[A-Za-z]+", RegexOptions.CultureInvariant)]
    private static partial Regex AsciiWord();

    /// <summary>Candidate words of <paramref name="text"/> in language <paramref name="language"/>.</summary>
    public static IReadOnlyList<string> Extract(string text, string language)
    {
        var words = new List<string>();
        if (language == Seed.Chinese)
        {
            var run = new System.Text.StringBuilder();
            void Flush()
            {
                for (int i = 0; i + 2 <= run.Length; i += 2)
                    Add(run.ToString(i, 2));
                run.Clear();
            }
            foreach (char c in text)
            {
                if (IsCjk(c) && !ChineseFunctionChars.Contains(c))
                    run.Append(c);
                else
                    Flush();
            }
            Flush();
        }
        else
        {
            foreach (Match m in AsciiWord().Matches(text))
            {
                string w = m.Value.ToLowerInvariant();
                if (w.Length >= 4 && !EnglishStopWords.Contains(w))
                    Add(w);
            }
        }
        return words;

        void Add(string w)
        {
            if (!words.Contains(w))
                words.Add(w);
        }
    }

    internal static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf';

    /// <summary>"zh" when at least a third of the letters are CJK ideographs, else "en" (the two languages offline evolution words constraints in).</summary>
    public static string GuessLanguage(string text)
    {
        int cjk = 0, letters = 0;
        foreach (char c in text)
        {
            if (IsCjk(c))
            {
                cjk++;
                letters++;
            }
            else if (char.IsLetter(c))
            {
                letters++;
            }
        }
        return letters > 0 && cjk * 3 >= letters ? Seed.Chinese : Seed.English;
    }
}
