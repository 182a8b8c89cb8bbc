using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Evaluation.Benchmarks.FollowBench;

namespace Raif.Evaluation.Tests.Benchmarks.FollowBench;

/// <summary>HSR/SSR/CSL from upstream gpt4_based_evaluation.py and rule_based_evaluation.py, worked by hand.</summary>
public sealed class FollowBenchAggregationTests
{
    private static readonly JsonlLine Line = new("t.json", 1, JsonDocument.Parse("{}").RootElement);

    private static FollowBenchRecord R(string type, int index, int level) => new(type, index, index / 5, "", "", level, "", "", Line);

    [Fact]
    public void Judge_and_rule_groups_pool_and_an_unparsed_reply_subtracts_one()
    {
        var items = new List<FollowBenchItem>();
        // One judged group: levels 1-5 hard = 1, 1, 0, -1 (unparsed), 1; soft = 1, 1, 0.5, -1, 1.
        double[] soft = [1, 1, 0.5, -1, 1];
        int[] hard = [1, 1, 0, -1, 1];
        for (int l = 1; l <= 5; l++)
            items.Add(new FollowBenchItem(R("content", l - 1, l), FollowBenchMethod.Judge, null, new FollowBenchVerdict(hard[l - 1], soft[l - 1], null)));
        // One rule group: all five satisfied.
        for (int l = 1; l <= 5; l++)
            items.Add(new FollowBenchItem(R("content", 5 + l - 1, l), FollowBenchMethod.Rule, true, null));
        foreach (string t in new[] { "situation", "style", "format", "mixed", "example" })
            for (int l = 1; l <= 5; l++)
                items.Add(new FollowBenchItem(R(t, l - 1, l), FollowBenchMethod.Rule, false, null));

        var content = FollowBenchEvaluation.Aggregate(items)["content"];

        Assert.Equal(2, content.Groups); // 5 // 5 + 5 // 5
        // HSR level 4 = (-1 + 1) / 2 * 100 = 0; level 3 = (0 + 1) / 2 * 100 = 50.
        Assert.Equal([100, 100, 50, 0, 100], content.Hsr);
        // SSR level 3 = (0.5 + 1) / 2 * 100 = 75.
        Assert.Equal(75, content.Ssr![2], 1e-12);
        // CSL: judged group has 2 leading 1s, rule group 5 -> (2 + 5) / 2 = 3.5.
        Assert.Equal(3.5, content.Csl, 1e-12);
    }
}
