namespace Raif.Training.Tiny;

/// <summary>The atomic, code-checkable constraints of the built-in world; each maps to one IFEval instruction id.</summary>
public enum TinyRuleKind
{
    EndPhrase,
    Quotes,
    NoComma,
    Title,
    IncludeWord,
    ForbidWord,
    Bullets,
    Postscript,
    Capitals,
    FirstWord,
}
