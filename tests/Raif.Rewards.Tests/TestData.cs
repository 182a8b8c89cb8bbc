using Raif.Tests.Shared;

namespace Raif.Rewards.Tests;

/// <summary>Where the acceptance data lives: IFEval's files committed under tests/data, and the official verdicts
/// committed by the verifiers' tests.</summary>
internal static class TestData
{
    public static string IfevalInputs => TestDataFolder.Committed("ifeval", "input_data.jsonl");

    public static string Gpt4Responses => TestDataFolder.Committed("ifeval", "input_response_data_gpt4_20231107_145030_key2785fixed.jsonl");

    /// <summary>Google's evaluator's strict verdicts on the GPT-4 responses, committed by the verifiers' tests.</summary>
    public static string OfficialStrictVerdicts =>
        Path.Combine(TestDataFolder.RepoRoot, "tests", "Raif.Verifiers.Tests", "Data", "ifeval_official", "eval_results_strict.jsonl");
}
