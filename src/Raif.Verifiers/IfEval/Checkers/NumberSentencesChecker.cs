using System.Text.Json;
using Raif.Verifiers.Nltk;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary><c>length_constraints:number_sentences</c>: NLTK Punkt (English) sentence count vs <c>num_sentences</c>.</summary>
internal sealed class NumberSentencesChecker(long threshold, Relation relation) : IInstructionChecker
{
    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options)
    {
        var args = new InstructionArgs(IfevalIds.NumberSentences, kwargs, "num_sentences", "relation");
        return new NumberSentencesChecker(args.Int("num_sentences"), args.Relation("relation"));
    }

    public bool Check(string response) => relation.Holds(PunktSentenceTokenizer.English.Count(response), threshold);
}
