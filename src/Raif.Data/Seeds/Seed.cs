namespace Raif.Data.Seeds;

/// <summary>
/// One seed instruction: its text, its language ("en" or "zh") and the words of the seed that may fill the semantic
/// constraint arguments (keywords, forbidden words, a paragraph's first word) when no model is asked.
/// </summary>
public sealed record Seed(string Id, string Text, string Language, IReadOnlyList<string> Words)
{
    public const string English = "en";
    public const string Chinese = "zh";
}
