using System.Text.Json;

namespace Raif.Verifiers.Tests;

/// <summary>
/// Where test data lives: files committed under this project's Data/ folder, and the shared read-only data set
/// that sits beside the repository (../shared/data, found from the folder holding Raif.sln), as on CI.
/// </summary>
internal static class TestData
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The shared data folder: ../shared/data beside the clone (CI, main checkout), or further up for a
    /// git worktree nested one level deeper.</summary>
    public static string SharedRoot { get; } = FindSharedData();

    public static string Shared(params string[] parts) => Path.Combine([SharedRoot, .. parts]);

    public static string Local(params string[] parts) =>
        Path.Combine([RepoRoot, "tests", "Raif.Verifiers.Tests", "Data", .. parts]);

    public static IEnumerable<JsonElement> ReadJsonl(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            using var doc = JsonDocument.Parse(line);
            yield return doc.RootElement.Clone();
        }
    }

    public static string InputData => Shared("ifeval", "input_data.jsonl");

    public static string Gpt4Responses => Shared("ifeval", "input_response_data_gpt4_20231107_145030_key2785fixed.jsonl");

    private static string FindSharedData()
    {
        for (var dir = Directory.GetParent(RepoRoot); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new InvalidOperationException($"no shared/data folder beside or above {RepoRoot}");
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Raif.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"no Raif.sln above {AppContext.BaseDirectory}");
    }
}
