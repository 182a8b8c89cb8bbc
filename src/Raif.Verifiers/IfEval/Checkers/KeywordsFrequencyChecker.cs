using System.Text.Json;
using System.Text.RegularExpressions;
using Raif.Core.Text;
using Raif.Verifiers.Python;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary><c>keywords:frequency</c>: non-overlapping case-insensitive occurrences of the (stripped) keyword
/// compared with the frequency (official: the keyword is a Python regex; RAIF: literal text).</summary>
internal sealed class KeywordsFrequencyChecker(string? literal, DataPattern? pattern, long frequency, Relation relation) : IInstructionChecker
{
    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options)
    {
        const string id = IfevalIds.KeywordsFrequency;
        var args = new InstructionArgs(id, kwargs, "keyword", "frequency", "relation");
        string keyword = PyStr.Strip(args.NonEmptyString("keyword"));
        long frequency = args.Int("frequency");
        var relation = args.Relation("relation");
        if (options.Variant == IfevalVariant.Raif || PyPattern.IsLiteral(keyword))
            return new KeywordsFrequencyChecker(keyword, null, frequency, relation);
        return new KeywordsFrequencyChecker(null, DataPattern.Create(id, "keyword", keyword, RegexOptions.IgnoreCase, options.PatternTimeout), frequency, relation);
    }

    public bool Check(string response)
    {
        int? count = literal is not null ? new PyCaseless(response).Count(literal) : pattern!.Count(response);
        return count is { } n && relation.Holds(n, frequency);
    }
}
