using Raif.Tests.Shared;

namespace Raif.Core.Tests.TestInfrastructure;

/// <summary>The rule every test project uses to find data that is not committed (tests/Shared/TestDataFolder.cs).</summary>
public sealed class TestDataFolderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("raif-testdata-").FullName;

    [Fact]
    public void The_environment_variable_wins_over_a_shared_folder_beside_the_clone()
    {
        string repo = Directory.CreateDirectory(Path.Combine(_root, "clone")).FullName;
        Directory.CreateDirectory(Path.Combine(_root, "shared", "data"));
        string elsewhere = Directory.CreateDirectory(Path.Combine(_root, "elsewhere")).FullName;

        Assert.Equal(elsewhere, TestDataFolder.ResolveExternal(elsewhere, repo).Path);
        Assert.Equal(Path.Combine(_root, "shared", "data"), TestDataFolder.ResolveExternal(null, repo).Path);
        Assert.Equal(Path.Combine(_root, "shared", "data"), TestDataFolder.ResolveExternal("  ", repo).Path);
    }

    [Fact]
    public void A_shared_folder_further_up_is_found_for_a_nested_worktree()
    {
        string repo = Directory.CreateDirectory(Path.Combine(_root, "worktrees", "feature")).FullName;
        Directory.CreateDirectory(Path.Combine(_root, "shared", "data"));

        Assert.Equal(Path.Combine(_root, "shared", "data"), TestDataFolder.ResolveExternal(null, repo).Path);
    }

    [Fact]
    public void Nothing_found_says_where_it_looked()
    {
        string repo = Directory.CreateDirectory(Path.Combine(_root, "lonely", "clone")).FullName;
        var found = TestDataFolder.ResolveExternal(null, repo);

        // Folders above the temp root may hold a shared/data of their own (a developer machine); only assert the
        // search covered the clone's own surroundings.
        Assert.Contains(Path.Combine(_root, "lonely", "shared", "data"), found.Searched);
        if (found.Path is null)
            Assert.Contains(TestDataFolder.EnvironmentVariable, found.Searched);
    }

    [Fact]
    public void A_variable_pointing_nowhere_is_an_error_not_a_skip()
    {
        string missing = Path.Combine(_root, "missing");
        var e = Assert.Throws<DirectoryNotFoundException>(() => TestDataFolder.ResolveExternal(missing, _root));
        Assert.Contains("RAIF_DATA", e.Message);
        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void Missing_external_data_skips_with_the_folder_in_the_reason()
    {
        var e = Assert.Throws<SkipException>(() => TestDataFolder.External("no-such-benchmark", "file.jsonl"));
        Assert.Contains(Path.Combine("no-such-benchmark", "file.jsonl"), e.Message);
    }

    [Fact]
    public void Committed_data_is_part_of_the_clone()
    {
        Assert.True(File.Exists(TestDataFolder.Committed("ifeval", "input_data.jsonl")));
        Assert.True(File.Exists(TestDataFolder.Committed("README.md")));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
