using System.Text.Json;
using Raif.Core.Text;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary><c>combination:two_responses</c>: split on "******"; blank pieces are allowed only at the ends; exactly
/// two non-blank pieces, different once stripped.</summary>
internal sealed class TwoResponsesChecker : IInstructionChecker
{
    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options)
    {
        _ = new InstructionArgs(IfevalIds.TwoResponses, kwargs);
        return new TwoResponsesChecker();
    }

    public bool Check(string response)
    {
        var pieces = response.Split("******");
        var valid = new List<string>();
        for (int i = 0; i < pieces.Length; i++)
        {
            if (PyStr.Strip(pieces[i]).Length == 0)
            {
                if (i != 0 && i != pieces.Length - 1)
                    return false;
            }
            else
            {
                valid.Add(pieces[i]);
            }
        }
        return valid.Count == 2 && PyStr.Strip(valid[0]) != PyStr.Strip(valid[1]);
    }
}
