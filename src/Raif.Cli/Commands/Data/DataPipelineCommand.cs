using System.CommandLine;
using Raif.Data.Pipeline;

namespace Raif.Cli.Commands.Data;

/// <summary><c>raif data pipeline --config data.toml</c>: every configured stage in order, resumable (docs/data.md).</summary>
internal static class DataPipelineCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo>("--config", "-c") { Description = "Pipeline configuration (TOML): the work folder and one table per stage.", Required = true };
        var command = new Command("pipeline", "Run the data stages in order in one work folder; a rerun skips finished stages and resumes a stage mid-way.")
        {
            config,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var pipeline = PipelineConfig.Load(parse.GetValue(config)!.FullName);
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            using var models = new CliModelProvider();
            var events = new SyncProgress<PipelineEvent>(e => output.WriteLine(e.Kind switch
            {
                PipelineEventKind.Started => $"{e.Stage}: running",
                PipelineEventKind.SkippedFinished => $"{e.Stage}: finished before, skipped ({e.OutputPath})",
                PipelineEventKind.InputChanged => $"{e.Stage}: its input changed since it ran (an earlier stage was redone); redoing it",
                _ => $"{e.Stage}: done ({e.OutputPath})",
            }));
            var files = await PipelineRunner.RunAsync(pipeline.Stages, pipeline.WorkDir, models, events, new StageProgressPrinter(error), cancellationToken).ConfigureAwait(false);
            output.WriteLine($"pipeline finished: {files[^1].OutputPath}");
            return 0;
        });
        return command;
    }
}
