using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Raif.Data.Evolution;
using Raif.Data.Seeds;

namespace Raif.Cli.Commands;

/// <summary><c>raif bench data</c>: offline evolution speed (records per second), written to a temporary folder.</summary>
internal static class DataBenchCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count", "-n") { Description = "Records per run.", DefaultValueFactory = _ => 10_000 };
        var repeat = new Option<int>("--repeat") { Description = "Timed runs after one warm-up; the median is reported.", DefaultValueFactory = _ => 3 };
        var seed = new Option<long>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var command = new Command("data", "Time `raif data evolve --offline` on the built-in seeds (cold first run, then warm runs).") { count, repeat, seed };
        command.SetAction((parse, cancellationToken) =>
        {
            int n = parse.GetValue(count), runs = parse.GetValue(repeat);
            if (n < 1 || runs < 1)
                throw new CliUsageException("--count and --repeat must be at least 1");
            var options = new EvolveOptions { Count = n, RandomSeed = parse.GetValue(seed) };
            string dir = Directory.CreateTempSubdirectory("raif-bench-data-").FullName;
            var output = parse.InvocationConfiguration.Output;
            try
            {
                var cold = Stopwatch.StartNew();
                OfflineEvolution.Run(BuiltinSeeds.Seeds, options, dir, null, cancellationToken);
                double coldSeconds = cold.Elapsed.TotalSeconds;
                var times = new List<double>();
                for (int r = 0; r < runs; r++)
                {
                    var watch = Stopwatch.StartNew();
                    OfflineEvolution.Run(BuiltinSeeds.Seeds, options, dir, null, cancellationToken);
                    times.Add(watch.Elapsed.TotalSeconds);
                }
                times.Sort();
                double median = times[times.Count / 2];
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"offline evolution of {n} records: first run (incl. JIT, resources) {coldSeconds:0.000} s; warm median {median:0.000} s ({n / median:0} records/s) over {runs} runs: {string.Join(" ", times.Select(t => t.ToString("0.000", CultureInfo.InvariantCulture)))}"));
                output.WriteLine($"cores: {Environment.ProcessorCount}; load average before: {LoadAverage()}");
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
            return Task.FromResult(0);
        });
        return command;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }
}
