using Raif.Rewards.IfEval;

namespace Raif.Rewards.Tests;

public class IfevalTargetTests
{
    [Fact]
    public void A_target_parses_into_ids_kwargs_and_the_offline_score()
    {
        var t = IfevalTarget.Parse("""{"instruction_id_list": ["punctuation:no_comma", "length_constraints:number_words"], "kwargs": [{}, {"relation": "at least", "num_words": 300}], "follow_score_qwen2.5-7B-Instruct": 1}""");
        Assert.Equal(["punctuation:no_comma", "length_constraints:number_words"], t.InstructionIds);
        Assert.Equal(300, t.Kwargs[1].GetProperty("num_words").GetInt32());
        Assert.Equal(1.0, t.OfflineScore);
    }

    [Theory]
    [InlineData("""{"instruction_id_list": ["a"], "kwargs": [{}], "follow_score_qwen2.5-7B-Instruct": 0.5}""", 0.5)]
    [InlineData("""{"instruction_id_list": ["a"], "kwargs": [{}], "follow_score_qwen2.5-7B-Instruct": null}""", 0.0)]
    [InlineData("""{"instruction_id_list": ["a"], "kwargs": [{}]}""", 0.0)]
    public void The_offline_score_is_a_number_or_zero(string target, double expected) =>
        Assert.Equal(expected, IfevalTarget.Parse(target).OfflineScore);

    [Theory]
    [InlineData("""{"kwargs": [{}]}""", "target field 'instruction_id_list': missing")]
    [InlineData("""{"instruction_id_list": [], "kwargs": []}""", "target field 'instruction_id_list': empty")]
    [InlineData("""{"instruction_id_list": "a", "kwargs": [{}]}""", "target field 'instruction_id_list': expected an array, found a string")]
    [InlineData("""{"instruction_id_list": ["a"]}""", "target field 'kwargs': missing")]
    [InlineData("""{"instruction_id_list": ["a", "b"], "kwargs": [{}]}""", "target field 'kwargs': 1 entries for 2 instructions")]
    [InlineData("""{"instruction_id_list": ["a"], "kwargs": [null]}""", "target field 'kwargs': element 0 is null, not an object")]
    [InlineData("""{"instruction_id_list": ["a"], "kwargs": [{}], "follow_score_qwen2.5-7B-Instruct": [1]}""", "target field 'follow_score_qwen2.5-7B-Instruct': expected a number, found an array")]
    public void Bad_targets_name_the_field(string target, string message)
    {
        var e = Assert.Throws<RewardTargetException>(() => IfevalTarget.Parse(target));
        Assert.StartsWith(message, e.Message);
    }
}

public class SuperiorityTests
{
    [Theory]
    [InlineData(2, 2.0, true)]
    [InlineData(3, 2.0, true)]
    [InlineData(1, 2.0, false)]
    [InlineData(1, 1.5, false)]
    [InlineData(2, 1.5, true)]
    [InlineData(0, 0.0, true)]
    public void A_scored_sample_is_superior_when_it_passes_at_least_the_offline_score(int passed, double offline, bool expected) =>
        Assert.Equal(expected, Superiority.IsSuperior(passed, offline));

    [Fact]
    public async Task An_unscored_sample_is_superior_even_against_a_high_offline_score()
    {
        var r = await new RewardCalculator(judge: TableJudge.Yes()).ScoreAsync(
            Rollouts.Qwen("plan</think>no answer tags", Rollouts.ComplexTarget(5, "q1"), "complex"));
        Assert.False(r.Scored);
        Assert.True(r.Superior);
    }

    [Fact]
    public async Task Maths_is_always_superior()
    {
        var r = await new RewardCalculator().ScoreAsync(Rollouts.Qwen("x</think><answer>\\boxed{1}</answer>", "2", null));
        Assert.Equal(-0.5, r.Total);
        Assert.True(r.Superior);
    }
}

public class PartialCreditTests
{
    [Theory]
    [InlineData(3, 3, 2.0, 1.0)]
    [InlineData(0, 3, -2.0, 0.0)]
    [InlineData(1, 4, 0.25, 0.25)]
    [InlineData(2, 3, 2.0 / 3, 2.0 / 3)]
    [InlineData(1, 1, 2.0, 1.0)]
    [InlineData(0, 1, -2.0, 0.0)]
    public void Reward_and_accuracy(int passed, int total, double reward, double accuracy)
    {
        Assert.Equal(reward, PartialCredit.Reward(passed, total), 1e-12);
        Assert.Equal(accuracy, PartialCredit.Accuracy(passed, total), 1e-12);
    }

    [Fact]
    public void An_empty_checklist_has_no_reward() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PartialCredit.Reward(0, 0));
}

public class RoutingTests
{
    [Fact]
    public async Task An_unknown_task_is_an_error()
    {
        var r = await new RewardCalculator().ScoreAsync(Rollouts.Qwen("x</think><answer>y</answer>", "1", "poetry"));
        Assert.StartsWith("unknown task 'poetry'", r.Error);
        Assert.Null(r.Kind);
    }

    [Fact]
    public async Task Knights_and_knaves_is_rejected_clearly()
    {
        var r = await new RewardCalculator().ScoreAsync(Rollouts.Qwen("x</think><answer>y</answer>", "{}", "kk_logic"));
        Assert.Contains("Knights-and-Knaves", r.Error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("default")]
    public async Task Missing_or_default_task_is_maths(string? task)
    {
        var r = await new RewardCalculator().ScoreAsync(Rollouts.Qwen("x</think><answer>\\boxed{\\frac{1}{2}}</answer>", "0.5", task));
        Assert.Equal(Raif.Core.Tasks.TaskKind.Maths, r.Kind);
        Assert.Equal(3, r.Total);
    }

    [Fact]
    public async Task An_empty_maths_reference_is_an_error()
    {
        var r = await new RewardCalculator().ScoreAsync(Rollouts.Qwen("x</think><answer>\\boxed{1}</answer>", " ", null));
        Assert.Equal("target: empty maths reference answer", r.Error);
    }

    [Fact]
    public async Task A_spent_maths_budget_counts_as_not_equal()
    {
        var calculator = new RewardCalculator(new RewardOptions { MathsTimeLimit = TimeSpan.Zero });
        var r = await calculator.ScoreAsync(Rollouts.Qwen("x</think><answer>\\boxed{35}</answer>", "35", null));
        Assert.Equal(-1.5, r.AnswerReward);
        Assert.Contains("maths: timed out", r.Reason);
    }

    [Fact]
    public async Task Cancellation_throws_instead_of_scoring()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var inputs = Enumerable.Range(0, 4).Select(_ => Rollouts.Qwen("x</think><answer>\\boxed{1}</answer>", "1", null)).ToArray();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new RewardCalculator().ScoreBatchAsync(inputs, cts.Token));
    }
}
