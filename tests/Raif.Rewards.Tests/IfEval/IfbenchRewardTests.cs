using System.Text.Json;
using Raif.Core.Templates;
using Raif.Tests.Shared;
using Xunit.Abstractions;

namespace Raif.Rewards.Tests.IfEval;

/// <summary>
/// The <c>ifbench…</c> task route: targets with <c>instruction_id_list</c> + <c>kwargs</c> whose ids may be IFBench's
/// (and IFEval's), scored like ifeval tasks (+2 all followed, k/n some, −2 none; total = 1 + that with a valid format).
/// </summary>
public class IfbenchRewardTests(ITestOutputHelper output)
{
    private static string Target(string ids, string kwargs) => $$"""{"instruction_id_list": {{ids}}, "kwargs": {{kwargs}}}""";

    [Fact]
    public async Task An_ifbench_task_mixes_ifbench_and_ifeval_constraints()
    {
        // "abc,def": no whitespace (IFBench) holds, no comma (IFEval) fails: 1 of 2 -> answer reward 1/2.
        string target = Target("""["format:no_whitespace", "punctuation:no_comma"]""", "[{}, {}]");
        var r = await new RewardCalculator().ScoreAsync(Rollouts.Qwen("plan</think><answer>abc,def</answer>", target, "ifbench"));
        Assert.Null(r.Error);
        Assert.Equal(0.5, r.AnswerReward, 1e-12);
        Assert.Equal(1.5, r.Total, 1e-12);
        Assert.Equal("format: ok; ifbench: 1/2 passed; failed: punctuation:no_comma", r.Reason);

        r = await new RewardCalculator().ScoreAsync(Rollouts.Qwen("plan</think><answer>abcdef</answer>", target, "ifbench_ood"));
        Assert.Equal(2.0, r.AnswerReward, 1e-12);
        Assert.Equal([true, true], r.FollowList!);
    }

    [Fact]
    public async Task An_ifeval_task_still_rejects_ifbench_ids()
    {
        string target = Target("""["format:no_whitespace"]""", "[{}]");
        var r = await new RewardCalculator().ScoreAsync(Rollouts.Qwen("plan</think><answer>abc</answer>", target, "ifeval"));
        Assert.NotNull(r.Error);
        Assert.Contains("format:no_whitespace", r.Error);
    }

    [Fact]
    public async Task A_bad_ifbench_argument_is_a_target_error_naming_it()
    {
        string target = Target("""["count:numbers"]""", """[{"N": 2.0, "bogus": 1}]""");
        var r = await new RewardCalculator().ScoreAsync(Rollouts.Qwen("plan</think><answer>1 2</answer>", target, "ifbench"));
        Assert.NotNull(r.Error);
        Assert.Contains("'count:numbers'", r.Error);
        Assert.Contains("'bogus'", r.Error);
    }

    [Fact]
    public async Task A_check_that_raises_upstream_fails_that_constraint_without_failing_the_sample()
    {
        // "..." has no words once punctuation is removed (IndexError upstream); no whitespace holds: 1 of 2.
        string target = Target("""["words:alphabet", "format:no_whitespace"]""", "[{}, {}]");
        var r = await new RewardCalculator().ScoreAsync(Rollouts.Qwen("plan</think><answer>...</answer>", target, "ifbench"));
        Assert.Null(r.Error);
        Assert.Equal([false, true], r.FollowList!);
        Assert.Equal(0.5, r.AnswerReward, 1e-12);
    }

    [SkippableFact]
    public async Task Rewards_on_the_ifbench_sample_follow_the_published_strict_verdicts()
    {
        var inputsPath = TestDataFolder.External("ifbench", "IFBench_test_8a66c06.jsonl");
        var responses = File.ReadLines(TestDataFolder.External("ifbench", "sample_output.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(e => e.GetProperty("prompt").GetString()!, e => e.GetProperty("response").GetString()!);
        var published = File.ReadLines(TestDataFolder.Committed("ifbench", "eval_results_strict.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("follow_instruction_list").EnumerateArray().Select(v => v.GetBoolean()).ToList())
            .ToList();
        var rollouts = new List<RewardInput>();
        foreach (var line in File.ReadLines(inputsPath))
        {
            var root = JsonDocument.Parse(line).RootElement;
            string prompt = root.GetProperty("prompt").GetString()!;
            string target = Target(root.GetProperty("instruction_id_list").GetRawText(), root.GetProperty("kwargs").GetRawText());
            rollouts.Add(new RewardInput(ChatTemplates.Qwen.RenderPrompt(CotTrigger.SystemPrompt(), prompt),
                "plan</think><answer>" + responses[prompt] + "</answer>", target, "ifbench", root.GetProperty("key").GetRawText()));
        }

        var results = await new RewardCalculator().ScoreBatchAsync(rollouts);

        Assert.Equal(294, results.Count);
        var differing = new List<string>();
        for (int i = 0; i < results.Count; i++)
        {
            var r = results[i];
            Assert.Null(r.Error);
            int k = published[i].Count(v => v), n = published[i].Count;
            double expected = k == n ? 2 : k == 0 ? -2 : (double)k / n;
            if (!r.FollowList!.SequenceEqual(published[i]) || Math.Abs(expected - r.AnswerReward) > 1e-12)
                differing.Add($"key {r.Id}: published [{string.Join(", ", published[i])}], reward route [{string.Join(", ", r.FollowList!)}]");
        }
        foreach (var d in differing)
            output.WriteLine(d);
        // The reward checks the answer block, trimmed; upstream checks the raw response. That decides one verdict:
        // key 268's CSV ends in "\n\n", which Python's csv reader reads as a ninth, empty row (not followed), while
        // the trimmed answer has the 8 rows asked for.
        Assert.Equal(["key \"268\": published [False], reward route [True]"], differing);
    }
}
