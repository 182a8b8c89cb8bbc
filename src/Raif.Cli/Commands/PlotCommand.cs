using System.CommandLine;
using Raif.Training.Metrics;

namespace Raif.Cli.Commands;

/// <summary><c>raif plot metrics.jsonl</c>: PNG plots of a run's curves.</summary>
internal static class PlotCommand
{
    public static Command Create()
    {
        var metrics = new Argument<FileInfo>("metrics") { Description = "A metrics.jsonl written by raif train." };
        var output = new Option<string?>("--out", "-o") { Description = "Folder for the PNG files (default: plots/ next to the metrics file)." };
        var command = new Command("plot", "Draw PNG plots (reward, accuracy, kept ratio, lengths, losses, KL, learning rate) from a metrics.jsonl.")
        {
            metrics, output,
        };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(metrics)!;
            if (!file.Exists)
                throw new FileNotFoundException($"{file.FullName}: file not found", file.FullName);
            var records = MetricsLog.Read(file.FullName);
            if (records.Count == 0)
                throw new CliUsageException($"{file.FullName}: no metrics records");
            string folder = parse.GetValue(output) ?? Path.Combine(file.DirectoryName!, "plots");
            var written = MetricsPlotter.Plot(records, folder);
            foreach (var path in written)
                parse.InvocationConfiguration.Output.WriteLine(path);
            return 0;
        });
        return command;
    }
}
