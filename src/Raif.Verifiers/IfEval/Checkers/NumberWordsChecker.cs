using System.Text.Json;
using Raif.Verifiers.Python;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary><c>length_constraints:number_words</c>: the number of <c>\w+</c> runs (Python semantics; a run of CJK
/// characters is one word) vs <c>num_words</c>.</summary>
internal sealed class NumberWordsChecker(long threshold, Relation relation) : IInstructionChecker
{
    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options)
    {
        var args = new InstructionArgs(IfevalIds.NumberWords, kwargs, "num_words", "relation");
        return new NumberWordsChecker(args.Int("num_words"), args.Relation("relation"));
    }

    public bool Check(string response) => relation.Holds(PyWordRuns.Count(response), threshold);
}
