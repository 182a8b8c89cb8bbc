using Raif.Verifiers.Language;
using Raif.Verifiers.Language.Langdetect;

namespace Raif.Verifiers.IfEval;

/// <summary>How IFEval instructions are checked.</summary>
public sealed record IfevalOptions(IfevalVariant Variant = IfevalVariant.Official)
{
    /// <summary>Language identification for the language checks; <c>null</c> uses <see cref="LangdetectLanguageIdentifier.Default"/>
    /// (Python langdetect's answers, as the official evaluator gets them).</summary>
    public ILanguageIdentifier? LanguageIdentifier { get; init; }

    /// <summary>
    /// Time limit for one match of a regex built from a pattern-valued argument (an official-variant keyword with
    /// metacharacters, a postscript marker or section splitter that is not plain text). Built-in patterns never need
    /// one: they are linear. A match that runs out of time counts as "not followed".
    /// </summary>
    public TimeSpan PatternTimeout { get; init; } = TimeSpan.FromSeconds(1);

    internal ILanguageIdentifier Languages => LanguageIdentifier ?? LangdetectLanguageIdentifier.Default;
}
