using Raif.Training.Algorithms;

namespace Raif.Training.Tests.Algorithms;

public class LearningRateScheduleTests
{
    [Fact]
    public void Warmup_is_linear_from_zero()
    {
        // 100 steps, 3 % warm-up → ceil(3.0) = 3 warm-up steps: 0, 1/3, 2/3 of the peak.
        var s = new LearningRateSchedule(1e-6, 100);
        Assert.Equal(3, s.WarmupSteps);
        Assert.Equal(0, s.At(0));
        Assert.Equal(1.0 / 3, s.At(1) * 1e6, 1e-12);
        Assert.Equal(2.0 / 3, s.At(2) * 1e6, 1e-12);
        Assert.Equal(1.0, s.At(3) * 1e6, 1e-12);
    }

    [Fact]
    public void Cosine_decays_to_a_tenth()
    {
        var s = new LearningRateSchedule(1.0, 103, WarmupRatio: 3.0 / 103);
        Assert.Equal(3, s.WarmupSteps);
        // Halfway through the decay (step 3 + 50): factor = 0.1 + 0.9 · ½(1 + cos(π/2)) = 0.55.
        Assert.Equal(0.55, s.At(53), 1e-12);
        // At the end: 0.1 + 0.9 · ½(1 + cos π) = 0.1.
        Assert.Equal(0.1, s.At(103), 1e-12);
        // A quarter in: 0.1 + 0.9 · ½(1 + cos(π/4)) = 0.1 + 0.45 · (1 + 0.70710678) = 0.86819805.
        Assert.Equal(0.86819805, s.At(28), 1e-8);
    }

    [Fact]
    public void Spec_horizon_gives_1463_warmup_updates()
    {
        // Spec §8.7: 48,750 scheduler steps × 3 % → ceil(1462.5) = 1463.
        Assert.Equal(1463, new LearningRateSchedule(1e-6, 48_750).WarmupSteps);
    }
}
