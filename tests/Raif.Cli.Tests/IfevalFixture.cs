using System.Text.Json;
using Raif.Tests.Shared;

namespace Raif.Cli.Tests;

/// <summary>
/// A small IFEval set cut from the committed IFEval data (tests/data/ifeval): the first inputs without
/// language-dependent instructions, so that the command under test does not have to load language models.
/// </summary>
internal sealed class IfevalFixture : IDisposable
{
    public IfevalFixture(int count = 40)
    {
        Dir = Directory.CreateTempSubdirectory("raif-cli-ifeval-").FullName;
        string shared = TestDataFolder.Committed("ifeval");
        var responses = File.ReadAllLines(Path.Combine(shared, "input_response_data_gpt4_20231107_145030_key2785fixed.jsonl"))
            .ToDictionary(l => JsonDocument.Parse(l).RootElement.GetProperty("prompt").GetString()!, l => l);
        var officialStrict = OfficialLines("strict");
        var officialLoose = OfficialLines("loose");
        var inputs = new List<string>();
        var picked = new List<string>();
        var strict = new List<string>();
        var loose = new List<string>();
        var allInputs = File.ReadAllLines(Path.Combine(shared, "input_data.jsonl"));
        for (int i = 0; i < allInputs.Length && inputs.Count < count; i++)
        {
            var root = JsonDocument.Parse(allInputs[i]).RootElement;
            var ids = root.GetProperty("instruction_id_list").EnumerateArray().Select(e => e.GetString()!).ToList();
            if (ids.Any(id => id.StartsWith("language:", StringComparison.Ordinal) || id.StartsWith("change_case:english", StringComparison.Ordinal)))
                continue;
            inputs.Add(allInputs[i]);
            picked.Add(responses[root.GetProperty("prompt").GetString()!]);
            strict.Add(officialStrict[i]);
            loose.Add(officialLoose[i]);
            Keys.Add(root.GetProperty("key").GetRawText());
        }
        InputData = Path.Combine(Dir, "input_data.jsonl");
        Responses = Path.Combine(Dir, "responses.jsonl");
        File.WriteAllLines(InputData, inputs);
        File.WriteAllLines(Responses, picked);
        ExpectedStrict = strict;
        ExpectedLoose = loose;
    }

    public string Dir { get; }

    public string InputData { get; }

    public string Responses { get; }

    public List<string> Keys { get; } = [];

    /// <summary>The official evaluator's result lines for these inputs (Raif.Verifiers.Tests/Data/ifeval_official).</summary>
    public List<string> ExpectedStrict { get; }

    public List<string> ExpectedLoose { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string[] OfficialLines(string mode) =>
        File.ReadAllLines(Path.Combine(TestDataFolder.RepoRoot, "tests", "Raif.Verifiers.Tests", "Data", "ifeval_official", $"eval_results_{mode}.jsonl"));
}
