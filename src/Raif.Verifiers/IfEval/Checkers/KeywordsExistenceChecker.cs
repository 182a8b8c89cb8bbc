using System.Text.Json;
using System.Text.RegularExpressions;
using Raif.Verifiers.Python;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary><c>keywords:existence</c>: every keyword occurs, case-insensitively (official: as a Python regex;
/// RAIF: as literal text).</summary>
internal sealed class KeywordsExistenceChecker : IInstructionChecker
{
    private readonly string[] _literals;
    private readonly DataPattern[] _patterns;

    private KeywordsExistenceChecker(string[] literals, DataPattern[] patterns)
    {
        _literals = literals;
        _patterns = patterns;
    }

    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options)
    {
        const string id = IfevalIds.KeywordsExistence;
        var keywords = new InstructionArgs(id, kwargs, "keywords").StringList("keywords");
        bool literalOnly = options.Variant == IfevalVariant.Raif;
        var literals = keywords.Where(k => literalOnly || PyPattern.IsLiteral(k)).ToArray();
        var patterns = keywords.Where(k => !(literalOnly || PyPattern.IsLiteral(k)))
            .Select(k => DataPattern.Create(id, "keywords", k, RegexOptions.IgnoreCase, options.PatternTimeout)).ToArray();
        return new KeywordsExistenceChecker(literals, patterns);
    }

    public bool Check(string response)
    {
        var text = new PyCaseless(response);
        foreach (var keyword in _literals)
        {
            if (!text.Contains(keyword))
                return false;
        }
        foreach (var pattern in _patterns)
        {
            if (!pattern.IsMatch(response))
                return false;
        }
        return true;
    }
}
