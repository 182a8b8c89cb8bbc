using System.CommandLine;
using Raif.Cli.Commands;
using Raif.Core.Jsonl;

namespace Raif.Cli;

/// <summary>The <c>raif</c> command tree and its error handling: libraries throw, only this layer prints.</summary>
public static class CliApp
{
    /// <summary>Exit code for bad input or options (a message names the file, line or field).</summary>
    public const int UsageError = 2;

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "Raif: teach LLMs to reason through complex instructions with RL (RAIF, Qin et al., NeurIPS 2025).");
        root.Add(TrainCommand.Create());
        root.Add(FormatCommand.Create());
        root.Add(GenerateCommand.Create());
        root.Add(ScoreCommand.Create());
        root.Add(TokenizeCommand.Create());
        root.Add(ModelCommand.Create());
        root.Add(BenchCommand.Create());
        root.Add(RewardCommand.Create());
        root.Add(EvalCommand.Create());
        root.Add(PlotCommand.Create());
        root.Add(ServeCommand.Create());
        root.Add(DataCommand.Create());
        return root;
    }

    /// <summary>
    /// Runs one command line. <paramref name="cancellationToken"/> stops it as Ctrl+C does (exit code 130); tests use
    /// it to interrupt a command in process at an exact point.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        var config = new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
        };
        var parse = Build().Parse(args);
        try
        {
            return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUserError(e))
        {
            await config.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return UsageError;
        }
        catch (OperationCanceledException)
        {
            await config.Error.WriteLineAsync("cancelled").ConfigureAwait(false);
            return 130;
        }
    }

    private static bool IsUserError(Exception e) =>
        e is JsonlException or FileNotFoundException or DirectoryNotFoundException or ArgumentException or FormatException
            or InvalidDataException or CliUsageException or Raif.Training.Config.TrainerConfigException or Raif.Data.Pipeline.PipelineConfigException
            // A server that refused a request (unknown model, unsupported field): its message says why; no stack trace.
            or System.ClientModel.ClientResultException { Status: >= 400 and < 500 };
}

/// <summary>A command-line problem the user can fix; printed without a stack trace.</summary>
public sealed class CliUsageException(string message) : Exception(message);
