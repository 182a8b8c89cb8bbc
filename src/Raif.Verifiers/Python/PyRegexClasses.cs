namespace Raif.Verifiers.Python;

/// <summary>
/// .NET regex fragments that mean what Python <c>re</c> means by <c>\s</c>, <c>\w</c> and <c>\b</c> on <c>str</c>.
/// .NET's own <c>\s</c> lacks U+001C–U+001F, and its <c>\w</c> adds combining marks (Mn) and connector punctuation
/// (Pc) but drops letter-like numbers (Nl, No); Python's <c>\w</c> is exactly letters, numbers and '_'.
/// Limitation: .NET regexes see UTF-16 units, so a letter outside the BMP (a surrogate pair) is not matched by
/// <see cref="Word"/>; code that must count such letters uses <see cref="Raif.Core.Text.PyUnicode"/> instead.
/// </summary>
public static class PyRegexClasses
{
    /// <summary>The inside of a character class for Python's <c>\s</c>.</summary>
    public const string SpaceBody = @"\s\x1c-\x1f";

    /// <summary>The inside of a character class for Python's <c>\w</c>.</summary>
    public const string WordBody = @"\p{L}\p{N}_";

    /// <summary>Python <c>\s</c>.</summary>
    public const string Space = "[" + SpaceBody + "]";

    /// <summary>Python <c>\S</c>.</summary>
    public const string NotSpace = "[^" + SpaceBody + "]";

    /// <summary>Python <c>\w</c>.</summary>
    public const string Word = "[" + WordBody + "]";

    /// <summary>Python <c>\W</c>.</summary>
    public const string NotWord = "[^" + WordBody + "]";

    /// <summary>Python <c>\b</c> (needs the backtracking engine: it is written with lookarounds).</summary>
    public const string Boundary = "(?:(?<=" + Word + ")(?!" + Word + ")|(?<!" + Word + ")(?=" + Word + "))";

    /// <summary>Python <c>\B</c>.</summary>
    public const string NotBoundary = "(?:(?<=" + Word + ")(?=" + Word + ")|(?<!" + Word + ")(?!" + Word + "))";
}
