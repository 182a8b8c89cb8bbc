namespace Raif.Training.Algorithms;

/// <summary>
/// Linear warm-up then cosine decay to a floor (HF's <c>cosine_with_min_lr</c>, used by OpenRLHF, spec §8.7):
/// factor(s) = s / W for s &lt; W, else min + (1 − min) · ½(1 + cos(π · (s − W) / (T − W))).
/// Step 0 has learning rate 0 during warm-up, exactly as in HF.
/// </summary>
public sealed record LearningRateSchedule(double PeakLearningRate, int TotalSteps, double WarmupRatio = 0.03, double MinLearningRateRatio = 0.1)
{
    /// <summary>ceil(warmup ratio × total steps).</summary>
    public int WarmupSteps => (int)Math.Ceiling(WarmupRatio * TotalSteps);

    /// <summary>The learning rate to use for optimizer update number <paramref name="step"/> (0-based).</summary>
    public double At(int step)
    {
        int warmup = WarmupSteps;
        if (step < warmup)
            return PeakLearningRate * step / Math.Max(1, warmup);
        double progress = (double)(step - warmup) / Math.Max(1, TotalSteps - warmup);
        double factor = 0.5 * (1.0 + Math.Cos(Math.PI * progress));
        factor = factor * (1 - MinLearningRateRatio) + MinLearningRateRatio;
        return PeakLearningRate * Math.Max(0, factor);
    }
}
