using System.Text;
using Raif.Core.Text;

namespace Raif.Verifiers.Python;

/// <summary>
/// <c>len(re.findall(r"\w+", text))</c> (IFEval's <c>count_words</c>): the number of maximal runs of Python word
/// characters, by code point. A run of Chinese characters is one word; a Devanagari vowel sign (Mc) splits a word,
/// as it does in Python. Counted by hand because .NET's <c>\w</c> differs (see <see cref="PyRegexClasses"/>).
/// </summary>
public static class PyWordRuns
{
    public static int Count(string text)
    {
        int count = 0;
        bool inWord = false;
        foreach (var r in text.EnumerateRunes())
        {
            bool word = PyUnicode.IsWordChar(r);
            if (word && !inWord)
                count++;
            inWord = word;
        }
        return count;
    }
}
