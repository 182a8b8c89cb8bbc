using Raif.Training.Algorithms;

namespace Raif.Training.Tests.Algorithms;

public class SuperiorCotFilterTests
{
    private static SuperiorCotSample Cot(string key, double answer, double acc, bool offline = true) => new(key, false, answer, acc, offline);

    private static SuperiorCotSample NoCot(string key, double answer, double acc) => new(key, true, answer, acc, true);

    [Fact]
    public void Off_keeps_everything()
    {
        var keep = SuperiorCotFilter.Keep([Cot("a", -2, 0), NoCot("a", 2, 1)], SuperiorCotMode.Off);
        Assert.Equal([true, true], keep);
    }

    [Fact]
    public void Released_never_trains_no_cot_and_applies_the_offline_flag()
    {
        var keep = SuperiorCotFilter.Keep([Cot("a", 2, 1), Cot("a", 0.5, 0.5, offline: false), NoCot("a", -2, 0)], SuperiorCotMode.Released);
        Assert.Equal([true, false, false], keep);
    }

    [Fact]
    public void Released_group_rule_never_fires_when_no_cot_answers_score_minus_two()
    {
        // As released, no-CoT rollouts fail the reasoning precondition: b_min = −2, and a_max < −2 is impossible.
        var keep = SuperiorCotFilter.Keep([Cot("a", -2, 0), Cot("a", -2, 0), NoCot("a", -2, 0), NoCot("a", -2, 0)], SuperiorCotMode.Released);
        Assert.Equal([true, true, false, false], keep);
    }

    [Fact]
    public void Released_group_rule_drops_inferior_cot_with_unequal_rewards()
    {
        // a_max = 0.5 < b_min = 2 and a_min (−2) ≠ a_max → every CoT rollout of "a" is dropped; "b" is untouched.
        var samples = new[] { Cot("a", 0.5, 0.5), Cot("a", -2, 0), NoCot("a", 2, 1), Cot("b", 0.5, 0.5), NoCot("b", -2, 0) };
        Assert.Equal([false, false, false, true, false], SuperiorCotFilter.Keep(samples, SuperiorCotMode.Released));
    }

    [Fact]
    public void Released_group_rule_spares_groups_whose_cot_rewards_are_all_equal()
    {
        var samples = new[] { Cot("a", 0.5, 0.5), Cot("a", 0.5, 0.5), NoCot("a", 2, 1) };
        Assert.Equal([true, true, false], SuperiorCotFilter.Keep(samples, SuperiorCotMode.Released));
    }

    [Fact]
    public void Paper_mode_drops_a_prompt_whose_best_cot_is_below_the_worst_no_cot()
    {
        // Inferior CoT: best CoT accuracy 0.5 < worst no-CoT accuracy 1 → dropped even though all CoT rewards are equal.
        var inferior = new[] { Cot("x", 0.5, 0.5), Cot("x", 0.5, 0.5), NoCot("x", 2, 1), NoCot("x", 2, 1) };
        Assert.Equal([false, false, false, false], SuperiorCotFilter.Keep(inferior, SuperiorCotMode.Paper));

        // Equal is enough (≥): best CoT 1 vs worst no-CoT 1 → kept.
        var equal = new[] { Cot("y", 2, 1), Cot("y", -2, 0), NoCot("y", 2, 1) };
        Assert.Equal([true, true, false], SuperiorCotFilter.Keep(equal, SuperiorCotMode.Paper));
    }

    [Fact]
    public void Paper_mode_ignores_the_offline_flag_and_keeps_prompts_without_no_cot_rollouts()
    {
        // A maths prompt has no no-CoT rollouts: always kept.
        var samples = new[] { Cot("m", -1.5, 0, offline: false), Cot("m", 2, 1) };
        Assert.Equal([true, true], SuperiorCotFilter.Keep(samples, SuperiorCotMode.Paper));
    }
}
