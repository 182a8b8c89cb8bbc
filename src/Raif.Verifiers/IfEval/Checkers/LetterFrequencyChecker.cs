using System.Text;
using System.Text.Json;
using Raif.Core.Text;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary>
/// <c>keywords:letter_frequency</c>: how often the letter occurs in the lower-cased response, compared with
/// <c>let_frequency</c>. A single character that is not an ASCII letter ('#', '!', 'é') is counted literally after
/// <c>lower()</c>: that is what the newest google-research code does and what the two IFEval prompts with such
/// arguments ask for (key 1122: "at least 4 hashtags, starting with '#'", key 1129: "6 or more exclamation marks");
/// the older evaluator that produced the published figures drew a random letter instead. An argument that is not
/// exactly one character (where both versions draw a random letter) is an argument error, so the verdict is always
/// deterministic.
/// </summary>
internal sealed class LetterFrequencyChecker(Rune letter, long frequency, Relation relation) : IInstructionChecker
{
    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options)
    {
        const string id = IfevalIds.KeywordsLetterFrequency;
        var args = new InstructionArgs(id, kwargs, "letter", "let_frequency", "let_relation");
        string raw = args.String("letter");
        string lowered = PyStr.Lower(raw);
        var runes = lowered.EnumerateRunes().ToArray();
        if (raw.EnumerateRunes().Count() != 1 || runes.Length != 1)
            throw args.Error("letter", $"must be exactly one character, found \"{raw}\"");
        return new LetterFrequencyChecker(runes[0], args.Int("let_frequency"), args.Relation("let_relation"));
    }

    public bool Check(string response)
    {
        int count = 0;
        foreach (var r in PyStr.Lower(response).EnumerateRunes())
        {
            if (r == letter)
                count++;
        }
        return relation.Holds(count, frequency);
    }
}
