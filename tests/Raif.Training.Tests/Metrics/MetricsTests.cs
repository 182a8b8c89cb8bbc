using Raif.Training.Metrics;

namespace Raif.Training.Tests.Metrics;

public sealed class MetricsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-metrics-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Log_round_trips_and_resume_cuts_later_steps()
    {
        string path = Path.Combine(_dir, "metrics.jsonl");
        using (var log = new MetricsLog(path))
        {
            for (int s = 1; s <= 5; s++)
                log.Append(new StepMetrics { Step = s, Reward = s * 0.5, NoCotAccuracy = double.NaN });
        }
        var all = MetricsLog.Read(path);
        Assert.Equal([1, 2, 3, 4, 5], all.Select(m => m.Step));
        Assert.True(double.IsNaN(all[0].NoCotAccuracy));
        Assert.StartsWith("{\"step\":1,\"episode\":0,", File.ReadLines(path).First());

        using (var log = new MetricsLog(path, resumeFromStep: 3))
            log.Append(new StepMetrics { Step = 4, Reward = 9 });
        var resumed = MetricsLog.Read(path);
        Assert.Equal([1, 2, 3, 4], resumed.Select(m => m.Step));
        Assert.Equal(9, resumed[3].Reward);
    }

    [Fact]
    public void Plots_are_png_files_of_the_requested_size()
    {
        var metrics = Enumerable.Range(1, 30).Select(s => new StepMetrics { Step = s, Reward = Math.Log(s), KeptRatio = 0.5, CotAccuracy = s / 30.0, NoCotAccuracy = double.NaN }).ToList();
        var files = MetricsPlotter.Plot(metrics, _dir);
        Assert.Contains(files, f => f.EndsWith("reward.png", StringComparison.Ordinal));
        foreach (var file in files)
        {
            byte[] png = File.ReadAllBytes(file);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
            // IHDR: width and height are big-endian at offsets 16 and 20.
            Assert.Equal(800, (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19]);
            Assert.Equal(450, (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23]);
        }
    }

    [Fact]
    public void Moving_average_is_trailing_and_skips_nan()
    {
        // Window 2: [1], [1,3], [3,5], [5,NaN] -> 1, 2, 4, 5.
        Assert.Equal([1.0, 2.0, 4.0, 5.0], MetricsPlotter.MovingAverage([1, 3, 5, double.NaN], 2));
    }
}
