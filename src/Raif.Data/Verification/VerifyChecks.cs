namespace Raif.Data.Verification;

/// <summary>The names <c>--checks</c> accepts: the pair's own constraints, then the seven quality checks.</summary>
public static class VerifyChecks
{
    /// <summary>The pair's own verification: the IFEval checkers for <c>ifeval</c>, the judge on every scoring question for <c>complex</c>.</summary>
    public const string Constraints = "constraints";

    public static IReadOnlyList<string> All { get; } = [Constraints, .. QualityCheck.All.Select(c => c.Name)];

    /// <summary><c>all</c>, <c>none</c>, or a comma-separated list of names; the result is in the canonical order.</summary>
    public static IReadOnlyList<string> Parse(string spec)
    {
        string trimmed = spec.Trim();
        if (trimmed == "all")
            return All;
        if (trimmed == "none")
            return [];
        var names = trimmed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in names)
        {
            if (!All.Contains(name))
                throw new ArgumentException($"unknown check '{name}' (known: all, none, {string.Join(", ", All)})");
        }
        return All.Where(names.Contains).ToArray();
    }
}
