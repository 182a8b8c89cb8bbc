using ScottPlot;

namespace Raif.Training.Metrics;

/// <summary>PNG plots of a run's main curves (what people look at rather than read).</summary>
public static class MetricsPlotter
{
    private sealed record Panel(string File, string Title, string YLabel, (string Label, Func<StepMetrics, double> Value)[] Series);

    private static readonly Panel[] Panels =
    [
        new("reward.png", "Reward", "mean per rollout",
            [("total", m => m.Reward), ("format", m => m.FormatReward), ("answer", m => m.AnswerReward)]),
        new("accuracy.png", "Accuracy", "fraction",
            [("format", m => m.FormatAccuracy), ("answer (CoT)", m => m.CotAccuracy), ("answer (no-CoT)", m => m.NoCotAccuracy)]),
        new("kept_ratio.png", "Superior-CoT kept ratio", "fraction of rollouts in the policy gradient",
            [("kept", m => m.KeptRatio)]),
        new("lengths.png", "Lengths (rollout means)", "tokens",
            [("response", m => m.ResponseLength), ("reasoning", m => m.ReasoningLength)]),
        new("losses.png", "Losses", "value",
            [("policy", m => m.PolicyLoss), ("behaviour cloning", m => m.BcLoss)]),
        new("kl.png", "KL to the reference (k3)", "per token",
            [("kl", m => m.Kl)]),
        new("learning_rate.png", "Learning rate", "lr",
            [("lr", m => m.LearningRate)]),
    ];

    /// <summary>Trailing moving average over up to <paramref name="window"/> values, skipping NaN.</summary>
    internal static double[] MovingAverage(IReadOnlyList<double> values, int window)
    {
        var result = new double[values.Count];
        for (int i = 0; i < values.Count; i++)
        {
            double sum = 0;
            int n = 0;
            for (int j = Math.Max(0, i - window + 1); j <= i; j++)
            {
                if (!double.IsNaN(values[j]))
                {
                    sum += values[j];
                    n++;
                }
            }
            result[i] = n == 0 ? double.NaN : sum / n;
        }
        return result;
    }

    /// <summary>Writes one PNG per panel into <paramref name="folder"/>; returns the files written.</summary>
    public static IReadOnlyList<string> Plot(IReadOnlyList<StepMetrics> metrics, string folder)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        if (metrics.Count == 0)
            return written;
        double[] steps = [.. metrics.Select(m => (double)m.Step)];
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var panel in Panels)
        {
            var plot = new Plot();
            int colour = 0;
            foreach (var (label, value) in panel.Series)
            {
                double[] ys = [.. metrics.Select(value)];
                if (ys.All(double.IsNaN))
                    continue;
                var color = palette.GetColor(colour++);
                // Per-step values are noisy (a few prompts per step): draw them faintly and a moving average on top.
                var raw = plot.Add.Scatter(steps, ys);
                raw.Color = color.WithAlpha(metrics.Count > 20 ? 0.3 : 1.0);
                raw.MarkerSize = metrics.Count > 40 ? 0 : 4;
                if (metrics.Count > 20)
                {
                    var smooth = plot.Add.Scatter(steps, MovingAverage(ys, Math.Max(3, metrics.Count / 15)));
                    smooth.Color = color;
                    smooth.LineWidth = 2;
                    smooth.MarkerSize = 0;
                    smooth.LegendText = label;
                }
                else
                {
                    raw.LegendText = label;
                }
            }
            plot.Title(panel.Title);
            plot.XLabel("step");
            plot.YLabel(panel.YLabel);
            if (panel.Series.Length > 1)
                plot.ShowLegend();
            string path = Path.Combine(folder, panel.File);
            plot.SavePng(path, 800, 450);
            written.Add(path);
        }
        return written;
    }
}
