using System.CommandLine;
using Raif.Cli.Commands.Eval;

namespace Raif.Cli.Commands;

/// <summary><c>raif bench</c>: speed measurements of Raif's components (results belong in docs/benchmarks.md).</summary>
internal static class BenchCommand
{
    public static Command Create() => new("bench", "Measure the speed of Raif components (results belong in docs/benchmarks.md).")
    {
        ModelBenchCommand.Create(),
        IfevalBenchCommand.Create(),
        IfevalBenchCommand.CreateIfbench(),
        ServeBenchCommand.Create(),
        BatchBenchCommand.Create(),
        RuleScoringBenchCommand.Create(),
        EvalBenchCommand.Create(),
        DataBenchCommand.Create(),
    };
}
