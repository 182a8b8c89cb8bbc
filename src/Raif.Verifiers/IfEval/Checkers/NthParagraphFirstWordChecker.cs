using System.Text;
using System.Text.Json;
using Raif.Core.Text;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary>
/// <c>length_constraints:nth_paragraph_first_word</c>: paragraphs are the pieces of a split on "\n\n"; the
/// non-blank pieces must number <c>num_paragraphs</c>, and the nth piece of the raw split (1-based; it must not be
/// blank) must start with <c>first_word</c>: its first whitespace-separated token, with leading ' then " stripped,
/// cut at the first of . , ? ! ' " and lower-cased character by character, as the original does.
/// </summary>
internal sealed class NthParagraphFirstWordChecker(long numParagraphs, long nth, string firstWord) : IInstructionChecker
{
    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options)
    {
        var args = new InstructionArgs(IfevalIds.NthParagraphFirstWord, kwargs, "num_paragraphs", "nth_paragraph", "first_word");
        long num = args.Int("num_paragraphs");
        long nth = args.Int("nth_paragraph", min: 1);
        if (nth > num)
            throw args.Error("nth_paragraph", $"must be at most num_paragraphs ({num}), found {nth}");
        return new NthParagraphFirstWordChecker(num, nth, PyStr.Lower(args.String("first_word")));
    }

    public bool Check(string response)
    {
        var paragraphs = response.Split("\n\n");
        long count = paragraphs.Length;
        foreach (var p in paragraphs)
        {
            if (PyStr.Strip(p).Length == 0)
                count--;
        }
        if (nth > count)
            return false;
        string paragraph = PyStr.Strip(paragraphs[nth - 1]);
        if (paragraph.Length == 0)
            return false;
        string word = PyStr.Strip(PyStr.Split(paragraph)[0]);
        word = PyStr.LStrip(PyStr.LStrip(word, "'"), "\"");
        var first = new StringBuilder();
        foreach (var r in word.EnumerateRunes())
        {
            if (r.Value is '.' or ',' or '?' or '!' or '\'' or '"')
                break;
            first.Append(PyStr.Lower(r.ToString()));
        }
        return count == numParagraphs && first.ToString() == firstWord;
    }
}
