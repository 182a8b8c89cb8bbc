using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Raif.Modeling.Tokenization;

/// <summary>
/// The HF pre-tokenizer chain as Raif supports it: one or more <c>Split</c> regexes with "Isolated" behaviour
/// (and <c>Digits</c>, and <c>ByteLevel</c> with its own GPT-2 regex), applied in order, each splitting every piece
/// of the previous step into matches and the gaps between them. Microsoft.ML.Tokenizers' RegexPreTokenizer covers
/// only a single regex that drops the gaps, so the chain is composed here.
/// </summary>
internal sealed class SplitPreTokenizer(IReadOnlyList<Regex> steps) : PreTokenizer
{
    public IReadOnlyList<Regex> Steps => steps;

    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) => Split(text);

    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => Split(text.ToString());

    public List<(int Offset, int Length)> Split(string text)
    {
        var pieces = new List<(int Offset, int Length)> { (0, text.Length) };
        if (text.Length == 0)
            return [];
        foreach (var regex in steps)
        {
            var next = new List<(int Offset, int Length)>(pieces.Count * 2);
            foreach (var (offset, length) in pieces)
            {
                int at = offset, end = offset + length;
                var match = regex.Match(text, offset, length);
                while (match.Success)
                {
                    if (match.Length == 0)
                    {
                        match = match.NextMatch();
                        continue;
                    }
                    if (match.Index > at)
                        next.Add((at, match.Index - at));
                    next.Add((match.Index, match.Length));
                    at = match.Index + match.Length;
                    match = match.NextMatch();
                }
                if (at < end)
                    next.Add((at, end - at));
            }
            pieces = next;
        }
        return pieces;
    }
}
