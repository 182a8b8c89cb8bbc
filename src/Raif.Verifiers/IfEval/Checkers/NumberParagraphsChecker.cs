using System.Text.Json;
using System.Text.RegularExpressions;
using Raif.Core.Text;
using Raif.Verifiers.Python;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary>
/// <c>length_constraints:number_paragraphs</c>: split on <c>\s?\*\*\*\s?</c>; an empty first or last piece is not
/// counted, an empty piece in the middle fails; the count must equal <c>num_paragraphs</c>.
/// </summary>
internal sealed class NumberParagraphsChecker(long expected) : IInstructionChecker
{
    private static readonly Regex Divider = new(
        PyRegexClasses.Space + @"?\*\*\*" + PyRegexClasses.Space + "?", RegexOptions.CultureInvariant); // fixed length: linear

    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options) =>
        new NumberParagraphsChecker(new InstructionArgs(IfevalIds.NumberParagraphs, kwargs, "num_paragraphs").Int("num_paragraphs"));

    public bool Check(string response)
    {
        var pieces = PySplit.Split(Divider, response);
        long count = pieces.Count;
        for (int i = 0; i < pieces.Count; i++)
        {
            if (PyStr.Strip(pieces[i]).Length != 0)
                continue;
            if (i == 0 || i == pieces.Count - 1)
                count--;
            else
                return false;
        }
        return count == expected;
    }
}
