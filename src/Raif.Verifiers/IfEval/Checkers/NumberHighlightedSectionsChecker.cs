using System.Text.Json;
using Raif.Core.Text;
using Raif.Verifiers.Python;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary>
/// <c>detectable_format:number_highlighted_sections</c>: matches of <c>\*[^\n\*]*\*</c> whose text between the
/// asterisks is not blank, plus matches of <c>\*\*[^\n\*]*\*\*</c> likewise, at least <c>num_highlights</c>.
/// </summary>
internal sealed class NumberHighlightedSectionsChecker(long minimum) : IInstructionChecker
{
    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options) =>
        new NumberHighlightedSectionsChecker(
            new InstructionArgs(IfevalIds.NumberHighlightedSections, kwargs, "num_highlights").Int("num_highlights"));

    public bool Check(string response)
    {
        long count = 0;
        foreach (var (start, length) in PyFindall.SingleStarSpans(response))
        {
            if (PyStr.Strip(PyStr.Strip(response.Substring(start, length), "*")).Length != 0)
                count++;
        }
        foreach (var (start, length) in PyFindall.DoubleStarSpans(response))
        {
            if (PyStr.Strip(response.Substring(start + 2, length - 4)).Length != 0)
                count++;
        }
        return count >= minimum;
    }
}
