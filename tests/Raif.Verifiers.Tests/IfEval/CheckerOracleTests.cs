using System.Text.Json;
using Raif.Verifiers.IfEval;

namespace Raif.Verifiers.Tests.IfEval;

/// <summary>
/// Each checker on edge cases (empty, whitespace only, CRLF, CJK, markdown, code fences, case folding, …) against
/// Google's own checker classes run on the same kwargs and text (Data/python/checker_cases.jsonl; its README says how).
/// These call <see cref="IInstructionChecker.Check"/> directly, like the original <c>check_following</c>: the
/// evaluator's "blank response fails" rule is tested separately.
/// </summary>
public class CheckerOracleTests
{
    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var id in Cases().Select(c => c.GetProperty("id").GetString()!).Distinct())
            data.Add(id);
        return data;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Checker_agrees_with_the_official_checker_class(string id)
    {
        var failures = new List<string>();
        int n = 0;
        foreach (var c in Cases().Where(c => c.GetProperty("id").GetString() == id))
        {
            n++;
            var checker = InstructionRegistry.Default.Create(id, c.GetProperty("kwargs"), new IfevalOptions());
            string response = c.GetProperty("response").GetString()!;
            bool expected = c.GetProperty("expected").GetBoolean();
            if (checker.Check(response) != expected)
                failures.Add($"{c.GetProperty("kwargs").GetRawText()} on {JsonSerializer.Serialize(response)}: official {expected}");
        }
        Assert.True(n >= 1);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void The_case_table_covers_every_official_id_and_the_required_edge_cases()
    {
        var cases = Cases().ToList();
        var ids = cases.Select(c => c.GetProperty("id").GetString()!).ToHashSet();
        Assert.Equal(25, ids.Count);
        Assert.All(InstructionRegistry.Default.Ids.Where(i => i != IfevalIds.XmlFormat), id => Assert.Contains(id, ids));
        var edges = cases.Where(c => c.GetProperty("edge").ValueKind == JsonValueKind.String).Select(c => c.GetProperty("edge").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "empty", "blank", "crlf", "cjk", "fence_json", "markdown" }, edges);
    }

    [Fact]
    public void Every_case_of_upstreams_instructions_test_passes()
    {
        // Data/python/upstream_test_cases.jsonl: every check_following call made while google-research's own
        // instructions_test.py ran (41 tests, all passing), with the result its assertions accepted.
        var failures = new List<string>();
        int n = 0;
        foreach (var c in TestData.ReadJsonl(TestData.Local("python", "upstream_test_cases.jsonl")))
        {
            n++;
            string id = c.GetProperty("id").GetString()!;
            var checker = InstructionRegistry.Default.Create(id, c.GetProperty("kwargs"), new IfevalOptions());
            string response = c.GetProperty("response").GetString()!;
            if (checker.Check(response) != c.GetProperty("expected").GetBoolean())
                failures.Add($"{id} {c.GetProperty("kwargs").GetRawText()} on {JsonSerializer.Serialize(response)}");
        }
        Assert.Equal(81, n);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static IEnumerable<JsonElement> Cases() => TestData.ReadJsonl(TestData.Local("python", "checker_cases.jsonl"));
}
