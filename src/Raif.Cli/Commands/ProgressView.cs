using Raif.Training;
using Raif.Training.Tiny;
using Spectre.Console;

namespace Raif.Cli.Commands;

/// <summary>
/// Live progress for long work: a Spectre.Console progress display on a terminal, one plain line per step when the
/// output is redirected (logs stay readable).
/// </summary>
internal static class ProgressView
{
    public static async Task<T> RunAsync<T>(TextWriter console, Func<IProgress<PresetProgress>, IProgress<TrainingProgress>, Task<T>> work)
    {
        bool interactive = ReferenceEquals(console, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!interactive)
        {
            string lastPhase = "";
            var phase = new SyncProgress<PresetProgress>(p =>
            {
                if (p.Phase != lastPhase || p.Done == p.Total || (p.Total > 0 && p.Done % Math.Max(1, p.Total / 10) == 0))
                    console.WriteLine($"  [{p.Phase}] {p.Done}/{p.Total} {p.Detail}".TrimEnd());
                lastPhase = p.Phase;
            });
            var train = new SyncProgress<TrainingProgress>(p =>
            {
                if (p.Phase == "done" && p.Metrics is { } m)
                    console.WriteLine($"  [rl] step {p.Step}/{p.TotalSteps} reward {m.Reward:F3} acc {m.AnswerAccuracy:P1} cot {m.CotAccuracy:P1} kept {m.KeptRatio:P0} bc {m.BcLoss:F3} ({m.GenerateSeconds + m.RewardSeconds + m.LearnSeconds:F1} s)");
            });
            return await work(phase, train).ConfigureAwait(false);
        }

        T result = default!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                ProgressTask Task(string name, int total)
                {
                    if (!tasks.TryGetValue(name, out var t))
                        tasks[name] = t = ctx.AddTask(name, maxValue: Math.Max(1, total));
                    return t;
                }
                var phase = new SyncProgress<PresetProgress>(p =>
                {
                    var t = Task(p.Phase, p.Total);
                    t.Value = p.Done;
                    t.Description = $"{p.Phase} {p.Detail}".TrimEnd();
                });
                var train = new SyncProgress<TrainingProgress>(p =>
                {
                    var t = Task("rl", p.TotalSteps);
                    t.Value = p.Phase == "done" ? p.Step : p.Step - 1;
                    t.Description = p.Metrics is { } m
                        ? $"RAIF step {p.Step}/{p.TotalSteps} reward {m.Reward:F2} acc {m.AnswerAccuracy:P0} kept {m.KeptRatio:P0}"
                        : $"RAIF step {p.Step}/{p.TotalSteps} {p.Phase}";
                });
                result = await work(phase, train).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return result;
    }
}
