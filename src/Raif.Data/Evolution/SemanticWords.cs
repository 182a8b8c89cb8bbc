namespace Raif.Data.Evolution;

/// <summary>
/// The words that fill the four semantic constraint kinds of one seed (spec §3.2), as a model proposed them: two
/// keywords the response must contain (<c>keywords:existence</c>), one keyword with a frequency
/// (<c>keywords:frequency</c>), two words it must avoid (<c>keywords:forbidden_words</c>) and the first word of a
/// paragraph (<c>length_constraints:nth_paragraph_first_word</c>). <see cref="ArgumentFiller"/> still applies its
/// argument-level rules to them.
/// </summary>
public sealed record SemanticWords(
    IReadOnlyList<string> Keywords, string FrequencyKeyword, IReadOnlyList<string> ForbiddenWords, string FirstWord)
{
    /// <summary>The candidates for one role, in order of preference.</summary>
    internal IEnumerable<string> For(SemanticRole role) => role switch
    {
        SemanticRole.Keywords => Keywords,
        SemanticRole.FrequencyKeyword => [FrequencyKeyword],
        SemanticRole.ForbiddenWords => ForbiddenWords,
        SemanticRole.FirstWord => [FirstWord],
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };
}

/// <summary>Which semantic argument a word fills.</summary>
internal enum SemanticRole
{
    Keywords,
    FrequencyKeyword,
    ForbiddenWords,
    FirstWord,
}
