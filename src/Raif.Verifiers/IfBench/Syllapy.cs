using System.Collections.Frozen;
using System.Text;
using Raif.Core.Text;

namespace Raif.Verifiers.IfBench;

/// <summary>
/// <c>syllapy.count</c> (syllapy 0.7.2, MIT): the syllable count from its dictionary of 6,392 words (embedded, see
/// IfBench/Data/README.md), else the hyphenated-compound rule, else its vowel-group heuristic. No .NET package has
/// the same dictionary and fallback, so it is ported.
/// </summary>
internal static class Syllapy
{
    private const string Vowels = "aeiouy";
    private static readonly Lazy<FrozenDictionary<string, int>> LazyWords = new(Load);

    public static int Count(string word)
    {
        word = PyStr.Strip(PyStr.Lower(PyStr.Strip(word)), IfBenchText.Punctuation);
        if (word.Length == 0)
            return 0;
        foreach (var r in word.EnumerateRunes())
        {
            if (Raif.Core.Text.PyUnicode.IsDecimal(r))
                return 0; // re.search(r"\d", word)
        }
        if (LazyWords.Value.TryGetValue(word, out int known))
            return known;
        // re.match("([^-]+)-(.+)", word): the first hyphen after at least one other character.
        int hyphen = word.IndexOf('-', 1);
        if (hyphen > 0 && word[0] != '-' && hyphen + 1 < word.Length)
        {
            int s1 = Count(word[..hyphen]), s2 = Count(word[(hyphen + 1)..]);
            return s1 == 0 || s2 == 0 ? 0 : s1 + s2;
        }
        return Heuristic(word);
    }

    // syllapy._syllables, by code point.
    private static int Heuristic(string word)
    {
        var chars = word.EnumerateRunes().ToArray();
        int count = 0;
        if (IsVowel(chars[0]))
            count++;
        for (int i = 1; i < chars.Length; i++)
        {
            if (IsVowel(chars[i]) && !IsVowel(chars[i - 1]))
                count++;
        }
        if (word.EndsWith('e'))
            count--;
        if (word.EndsWith("le", StringComparison.Ordinal) && chars.Length > 2 && !IsVowel(chars[^3]))
            count++;
        return count == 0 ? 1 : count;
    }

    private static bool IsVowel(Rune r) => r.IsAscii && Vowels.Contains((char)r.Value);

    private static FrozenDictionary<string, int> Load()
    {
        const string name = "Raif.Verifiers.IfBench.syllapy_data.csv";
        using var stream = typeof(Syllapy).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
                continue;
            int comma = line.LastIndexOf(',');
            words[line[..comma]] = int.Parse(line.AsSpan(comma + 1), System.Globalization.CultureInfo.InvariantCulture);
        }
        return words.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
