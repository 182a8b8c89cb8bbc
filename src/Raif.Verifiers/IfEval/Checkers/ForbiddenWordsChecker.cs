using System.Text.Json;
using System.Text.RegularExpressions;
using Raif.Verifiers.Python;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary><c>keywords:forbidden_words</c>: none of the words occurs as a whole word (<c>\b…\b</c>, case-insensitive;
/// official: the word is part of a Python regex; RAIF: literal text).</summary>
internal sealed class ForbiddenWordsChecker(string[] literals, DataPattern[] patterns) : IInstructionChecker
{
    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options)
    {
        const string id = IfevalIds.KeywordsForbiddenWords;
        var words = new InstructionArgs(id, kwargs, "forbidden_words").StringList("forbidden_words").Distinct().ToArray();
        bool literalOnly = options.Variant == IfevalVariant.Raif;
        var literals = words.Where(w => literalOnly || PyPattern.IsLiteral(w)).ToArray();
        // Python concatenates r"\b" + word + r"\b" before compiling, so an alternation in the word binds loosely.
        var patterns = words.Where(w => !(literalOnly || PyPattern.IsLiteral(w)))
            .Select(w => DataPattern.Create(id, "forbidden_words", @"\b" + w + @"\b", RegexOptions.IgnoreCase, options.PatternTimeout))
            .ToArray();
        return new ForbiddenWordsChecker(literals, patterns);
    }

    public bool Check(string response)
    {
        var text = new PyCaseless(response);
        foreach (var word in literals)
        {
            if (text.ContainsWholeWord(word))
                return false;
        }
        foreach (var pattern in patterns)
        {
            // A timed-out search cannot show the word is absent: not followed.
            if (pattern.Count(response) is not 0)
                return false;
        }
        return true;
    }
}
