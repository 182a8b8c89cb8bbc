using System.Text.Json;
using Raif.Tests.Shared;

namespace Raif.Verifiers.Tests;

/// <summary>
/// Where this project's test data lives: files under its own Data/ folder and the repository's tests/data
/// (see <see cref="TestDataFolder"/> for data that is not committed).
/// </summary>
internal static class TestData
{
    public static string RepoRoot => TestDataFolder.RepoRoot;

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

    public static string InputData => TestDataFolder.Committed("ifeval", "input_data.jsonl");

    public static string Gpt4Responses => TestDataFolder.Committed("ifeval", "input_response_data_gpt4_20231107_145030_key2785fixed.jsonl");
}
