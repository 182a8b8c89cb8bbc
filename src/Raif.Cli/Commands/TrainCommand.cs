using System.CommandLine;

namespace Raif.Cli.Commands;

/// <summary><c>raif train</c>: the main job. The trainer is not built yet; the verb says so instead of faking a run.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var command = new Command("train", "Train a policy with RAIF (GRPO + superior CoT + behaviour cloning); with no model, run the built-in miniature.");
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Error.WriteLine(
                "raif train: the RAIF trainer is not built yet (see issue 6); nothing was run.");
            return CliApp.NotBuilt;
        });
        return command;
    }
}
