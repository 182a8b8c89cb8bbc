using System.CommandLine;
using System.Globalization;
using Raif.Evaluation.Run;
using Spectre.Console;

namespace Raif.Cli.Commands.Eval;

/// <summary><c>raif eval compare OUT1 OUT2 …</c>: runs side by side, each with its difference from the first.</summary>
internal static class EvalCompareCommand
{
    public static Command Create()
    {
        var runs = new Argument<DirectoryInfo[]>("runs") { Description = "Run folders written by raif eval run (the first is the baseline).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("compare", "Compare finished raif eval run folders: Table-1 numbers side by side, with differences from the first.") { runs };
        command.SetAction((parse, _) =>
        {
            var summaries = parse.GetValue(runs)!.Select(d => EvalRunComparison.Load(d.FullName)).ToList();
            var benchmarks = EvalRunComparison.Benchmarks(summaries);
            var table = new Table().AddColumn("run").AddColumn("mode");
            foreach (var b in benchmarks)
                table.AddColumn(b);
            table.AddColumn("Avg");
            var baseline = summaries[0];
            foreach (var run in summaries)
            {
                var cells = new List<string> { Markup.Escape($"{run.Policy} ({Path.GetFileName(run.Folder)})"), run.Mode };
                foreach (var b in benchmarks)
                    cells.Add(Cell(run.Headlines.TryGetValue(b, out double v) ? v : null, ReferenceEquals(run, baseline) ? null : EvalRunComparison.Delta(run, baseline, b)));
                cells.Add(Cell(run.Average, ReferenceEquals(run, baseline) ? null : run.Average - baseline.Average));
                table.AddRow([.. cells]);
            }
            IfevalReport.Console(parse.InvocationConfiguration.Output).Write(table);
            return Task.FromResult(0);
        });
        return command;
    }

    private static string Cell(double? value, double? delta)
    {
        if (value is not { } v || double.IsNaN(v))
            return "-";
        string text = v.ToString("F2", CultureInfo.InvariantCulture);
        return delta is { } d ? text + (d >= 0 ? " [green](+" : " [red](") + d.ToString("F2", CultureInfo.InvariantCulture) + ")[/]" : text;
    }
}
