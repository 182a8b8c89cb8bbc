namespace Raif.Rewards.Tests;

/// <summary>
/// Where the acceptance data lives: the repository (found as the folder holding Raif.sln above the test binaries)
/// and the shared data set beside it (../shared/data; a git worktree one level deeper finds it further up).
/// </summary>
internal static class TestData
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SharedData { get; } = FindSharedData();

    public static string IfevalInputs => Path.Combine(SharedData, "ifeval", "input_data.jsonl");

    public static string Gpt4Responses => Path.Combine(SharedData, "ifeval", "input_response_data_gpt4_20231107_145030_key2785fixed.jsonl");

    /// <summary>Google's evaluator's strict verdicts on the GPT-4 responses, committed by the verifiers' tests.</summary>
    public static string OfficialStrictVerdicts =>
        Path.Combine(RepoRoot, "tests", "Raif.Verifiers.Tests", "Data", "ifeval_official", "eval_results_strict.jsonl");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Raif.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no Raif.sln above {AppContext.BaseDirectory}");
    }

    private static string FindSharedData()
    {
        for (var dir = Directory.GetParent(RepoRoot); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new InvalidOperationException($"no shared/data beside or above {RepoRoot}");
    }
}
