using Raif.Training.Algorithms;

namespace Raif.Training.Tests.Algorithms;

public class GroupAdvantagesTests
{
    [Fact]
    public void Worked_example_of_spec_12_9()
    {
        // Spec §12.9: rewards [3, 2.5, 1.75, −1, 3, −3 | −1, −1] → z ≈ [1.073, 0.856, 0.530, −0.666, 1.073, −1.535 | −0.666, −0.666].
        // By hand: mean = 4.25 / 8 = 0.53125; Σ(r − mean)² = 37.0546875; unbiased std = √(37.0546875 / 7) = 2.30079.
        var z = GroupAdvantages.Compute([3, 2.5, 1.75, -1, 3, -3, -1, -1], 8);
        double[] expected = [1.073, 0.856, 0.530, -0.666, 1.073, -1.535, -0.666, -0.666];
        for (int i = 0; i < 8; i++)
            Assert.Equal(expected[i], z[i], 1e-3);
        Assert.Equal((3 - 0.53125) / (Math.Sqrt(37.0546875 / 7) + 1e-9), z[0], 1e-12);
    }

    [Fact]
    public void Six_perfect_reasoning_rollouts_and_two_no_cot_get_plus_0_54()
    {
        // Spec §7.5: rewards 3 ×6 and −1 ×2: mean 2, unbiased std √(6·1 + 2·9)/7 = √(24/7) = 1.8516 → (3 − 2)/1.8516 = 0.540.
        var z = GroupAdvantages.Compute([3, 3, 3, 3, 3, 3, -1, -1], 8);
        for (int i = 0; i < 6; i++)
            Assert.Equal(1 / (Math.Sqrt(24.0 / 7) + 1e-9), z[i], 1e-12);
        Assert.Equal(0.54, z[0], 1e-2);
        Assert.Equal(-3 / (Math.Sqrt(24.0 / 7) + 1e-9), z[7], 1e-12);
    }

    [Fact]
    public void Equal_rewards_give_zero_and_groups_are_independent()
    {
        var z = GroupAdvantages.Compute([2, 2, 2, 2, 1, 0, 0, 0], 4);
        Assert.All(z.Take(4), a => Assert.Equal(0, a));
        // Second group: mean 0.25, std = √((0.5625 + 3·0.0625)/3) = 0.5 → [1.5, −0.5, −0.5, −0.5].
        double[] tail = [1.5, -0.5, -0.5, -0.5];
        for (int i = 0; i < tail.Length; i++)
            Assert.Equal(tail[i], z[4 + i], 1e-8);
    }

    [Fact]
    public void Dr_grpo_only_centres()
    {
        Assert.Equal([1.5, -0.5, -0.5, -0.5], GroupAdvantages.Compute([3, 1, 1, 1], 4, AdvantageEstimator.DrGrpo));
    }

    [Fact]
    public void Rewards_must_fill_whole_groups()
    {
        Assert.Throws<ArgumentException>(() => GroupAdvantages.Compute([1, 2, 3], 2));
    }

    [Fact]
    public void Group_std_is_unbiased()
    {
        var std = GroupAdvantages.GroupStd([2, 2, 2, 2, 1, 0, 0, 0], 4).ToArray();
        Assert.Equal(2, std.Length);
        Assert.Equal(0, std[0], 1e-12);
        Assert.Equal(0.5, std[1], 1e-12);
    }
}
