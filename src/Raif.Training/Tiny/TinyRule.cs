using System.Text.Json.Nodes;

namespace Raif.Training.Tiny;

/// <summary>
/// One atomic constraint with its argument: how it is asked for (<see cref="Clause"/>), how the expert notes it in
/// its reasoning (<see cref="Note"/>), and the IFEval instruction that verifies it (<see cref="InstructionId"/>,
/// <see cref="Kwargs"/>). Every rule is checked by the real IFEval checkers through the ifeval reward path.
/// </summary>
public sealed record TinyRule(TinyRuleKind Kind, string Argument = "", int Count = 0)
{
    /// <summary>The instruction as an imperative clause, lower-case, no final period (e.g. "do not use any commas").</summary>
    public string Clause => Kind switch
    {
        TinyRuleKind.EndPhrase => $"end your answer with the phrase \"{Argument}\"",
        TinyRuleKind.Quotes => "wrap your entire answer in double quotes",
        TinyRuleKind.NoComma => "do not use any commas",
        TinyRuleKind.Title => $"give your answer a title in double angular brackets, such as <<{Argument}>>",
        TinyRuleKind.IncludeWord => $"include the word \"{Argument}\"",
        TinyRuleKind.ForbidWord => $"do not use the word \"{Argument}\"",
        TinyRuleKind.Bullets => $"use exactly {Count} bullet points",
        TinyRuleKind.Postscript => "add a postscript starting with P.S.",
        TinyRuleKind.Capitals => $"write at least {Count} {(Count == 1 ? "word" : "words")} in capital letters",
        TinyRuleKind.FirstWord => $"start your answer with the word \"{Argument}\"",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
    };

    /// <summary>The same instruction as a sentence.</summary>
    public string Sentence => char.ToUpperInvariant(Clause[0]) + Clause[1..] + (Clause.EndsWith('.') || Clause.EndsWith(".\"") ? "" : ".");

    /// <summary>The expert's short note of what the rule requires.</summary>
    public string Note => Kind switch
    {
        TinyRuleKind.EndPhrase => $"end with \"{Argument}\"",
        TinyRuleKind.Quotes => "wrap in quotes",
        TinyRuleKind.NoComma => "no commas, use spaces",
        TinyRuleKind.Title => $"title <<{Argument}>>",
        TinyRuleKind.IncludeWord => $"use the word \"{Argument}\"",
        TinyRuleKind.ForbidWord => $"avoid \"{Argument}\"",
        TinyRuleKind.Bullets => $"{Count} bullets",
        TinyRuleKind.Postscript => "add P.S.",
        TinyRuleKind.Capitals => $"{Count} {(Count == 1 ? "word" : "words")} in capitals",
        TinyRuleKind.FirstWord => $"start with \"{Argument}\"",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
    };

    /// <summary>The IFEval instruction id that verifies the rule.</summary>
    public string InstructionId => Kind switch
    {
        TinyRuleKind.EndPhrase => "startend:end_checker",
        TinyRuleKind.Quotes => "startend:quotation",
        TinyRuleKind.NoComma => "punctuation:no_comma",
        TinyRuleKind.Title => "detectable_format:title",
        TinyRuleKind.IncludeWord => "keywords:existence",
        TinyRuleKind.ForbidWord => "keywords:forbidden_words",
        TinyRuleKind.Bullets => "detectable_format:number_bullet_lists",
        TinyRuleKind.Postscript => "detectable_content:postscript",
        TinyRuleKind.Capitals => "change_case:capital_word_frequency",
        TinyRuleKind.FirstWord => "length_constraints:nth_paragraph_first_word",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
    };

    /// <summary>The IFEval kwargs object of the instruction.</summary>
    public JsonObject Kwargs() => Kind switch
    {
        TinyRuleKind.EndPhrase => new JsonObject { ["end_phrase"] = Argument },
        TinyRuleKind.Title or TinyRuleKind.Quotes or TinyRuleKind.NoComma => [],
        TinyRuleKind.IncludeWord => new JsonObject { ["keywords"] = new JsonArray(Argument) },
        TinyRuleKind.ForbidWord => new JsonObject { ["forbidden_words"] = new JsonArray(Argument) },
        TinyRuleKind.Bullets => new JsonObject { ["num_bullets"] = Count },
        TinyRuleKind.Postscript => new JsonObject { ["postscript_marker"] = "P.S." },
        TinyRuleKind.Capitals => new JsonObject { ["capital_frequency"] = Count, ["capital_relation"] = "at least" },
        TinyRuleKind.FirstWord => new JsonObject { ["num_paragraphs"] = 1, ["nth_paragraph"] = 1, ["first_word"] = Argument },
        _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
    };

    /// <summary>
    /// Rule kinds that cannot hold together in one answer (as IFEval's conflict table does for its instructions):
    /// a title or bullet list makes "start with the word X" impossible, and two rules of one kind would contradict.
    /// </summary>
    public static bool Conflict(TinyRule a, TinyRule b)
    {
        if (a.Kind == b.Kind)
            return true;
        var pair = (Min: (TinyRuleKind)Math.Min((int)a.Kind, (int)b.Kind), Max: (TinyRuleKind)Math.Max((int)a.Kind, (int)b.Kind));
        return pair is (TinyRuleKind.Title, TinyRuleKind.FirstWord) or (TinyRuleKind.Bullets, TinyRuleKind.FirstWord);
    }
}
