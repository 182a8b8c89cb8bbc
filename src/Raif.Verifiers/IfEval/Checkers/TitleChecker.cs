using System.Text.Json;
using Raif.Core.Text;
using Raif.Verifiers.Python;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary><c>detectable_format:title</c>: some match of <c>&lt;&lt;[^\n]+&gt;&gt;</c> (greedy: from the first
/// "&lt;&lt;" to the last "&gt;&gt;" of a line) has non-blank text once its outer &lt; and &gt; are stripped.</summary>
internal sealed class TitleChecker : IInstructionChecker
{
    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options)
    {
        _ = new InstructionArgs(IfevalIds.Title, kwargs);
        return new TitleChecker();
    }

    public bool Check(string response)
    {
        foreach (var (start, length) in PyFindall.TitleSpans(response))
        {
            if (PyStr.Strip(PyStr.RStrip(PyStr.LStrip(response.Substring(start, length), "<"), ">")).Length != 0)
                return true;
        }
        return false;
    }
}
