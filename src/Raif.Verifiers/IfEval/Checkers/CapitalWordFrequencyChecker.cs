using System.Text.Json;
using Raif.Core.Text;
using Raif.Verifiers.Nltk;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary><c>change_case:capital_word_frequency</c>: the number of <c>nltk.word_tokenize</c> tokens that are
/// <c>isupper()</c> vs <c>capital_frequency</c> (which, as in the original, may be any integer).</summary>
internal sealed class CapitalWordFrequencyChecker(long threshold, Relation relation) : IInstructionChecker
{
    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options)
    {
        var args = new InstructionArgs(IfevalIds.CapitalWordFrequency, kwargs, "capital_frequency", "capital_relation");
        return new CapitalWordFrequencyChecker(args.Int("capital_frequency", long.MinValue), args.Relation("capital_relation"));
    }

    public bool Check(string response) => relation.Holds(NltkTokenize.CountWords(response, PyStr.IsUpper), threshold);
}
