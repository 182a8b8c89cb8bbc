namespace Raif.Tests.Shared;

/// <summary>
/// Where test data lives. Two places, on purpose:
/// <list type="bullet">
/// <item><b>Committed</b>: <c>tests/data/&lt;source&gt;/</c> in the repository, for material whose licence allows
/// redistribution (each folder has a README with origin, commit, licence and sha256). A bare clone has it.</item>
/// <item><b>External</b>: material that may not be redistributed, or is too large, found through the environment
/// variable <c>RAIF_DATA</c>, else a <c>shared/data</c> folder beside or above the clone (as CI lays it out). When it
/// is absent the test is reported as skipped with a reason naming the missing folder, never failed or passed.</item>
/// </list>
/// Linked into every test project by tests/Directory.Build.props. Tests that call <see cref="External"/> must be
/// <c>[SkippableFact]</c> or <c>[SkippableTheory]</c> (Xunit.SkippableFact), and must call it in the test body, not
/// in a class fixture's constructor (a skip thrown there is reported as a failure).
/// </summary>
internal static class TestDataFolder
{
    public const string EnvironmentVariable = "RAIF_DATA";

    /// <summary>The folder holding Raif.sln, found upwards from the test binaries.</summary>
    public static string RepoRoot { get; } = FindRepoRoot(AppContext.BaseDirectory);

    private static readonly Lazy<ExternalDataRoot> ExternalRootLazy =
        new(() => ResolveExternal(Environment.GetEnvironmentVariable(EnvironmentVariable), RepoRoot));

    /// <summary>The external data root, or null with <see cref="ExternalDataRoot.Searched"/> saying where it looked.</summary>
    public static ExternalDataRoot ExternalRoot => ExternalRootLazy.Value;

    /// <summary>A committed file or folder under <c>tests/data</c>; it is part of every clone.</summary>
    public static string Committed(params string[] parts) => Path.Combine([RepoRoot, "tests", "data", .. parts]);

    /// <summary>
    /// A file or folder under the external data root. Skips the calling test (with the missing path and how to provide
    /// it in the reason) when the root or the path is absent.
    /// </summary>
    public static string External(params string[] parts)
    {
        string relative = Path.Combine(parts);
        var root = ExternalRoot;
        Skip.If(root.Path is null,
            $"needs external test data '{relative}': set {EnvironmentVariable} to a data folder holding it " +
            $"(CI uses ../shared/data beside the clone); looked in {root.Searched}");
        string full = Path.Combine(root.Path!, relative);
        Skip.IfNot(File.Exists(full) || Directory.Exists(full),
            $"needs external test data '{relative}': not found at {full}");
        return full;
    }

    /// <summary>
    /// Pure resolution rule, kept separate so it can be tested: a non-empty <c>RAIF_DATA</c> wins (and must exist:
    /// a variable that points nowhere is a set-up error, not a reason to skip); otherwise the nearest
    /// <c>shared/data</c> beside or above <paramref name="repoRoot"/>.
    /// </summary>
    public static ExternalDataRoot ResolveExternal(string? environmentValue, string repoRoot)
    {
        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            string full = Path.GetFullPath(environmentValue);
            if (!Directory.Exists(full))
                throw new DirectoryNotFoundException($"{EnvironmentVariable}={environmentValue}: no such folder ({full})");
            return new ExternalDataRoot(full, $"{EnvironmentVariable}={environmentValue}");
        }
        var searched = new List<string>();
        for (var dir = Directory.GetParent(Path.GetFullPath(repoRoot)); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data");
            searched.Add(candidate);
            if (Directory.Exists(candidate))
                return new ExternalDataRoot(candidate, string.Join(", ", searched));
        }
        return new ExternalDataRoot(null, $"{EnvironmentVariable} (unset) and {string.Join(", ", searched)}");
    }

    private static string FindRepoRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Raif.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no Raif.sln above {start}");
    }
}

/// <summary>The external data root (null when none was found) and the places that were searched.</summary>
internal sealed record ExternalDataRoot(string? Path, string Searched);
