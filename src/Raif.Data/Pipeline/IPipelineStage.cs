using Raif.Data.Export;
using Raif.Data.Stages;

namespace Raif.Data.Pipeline;

/// <summary>What a pipeline stage gets: its input (the previous stage's output; null for the first), its folder and the earlier stages' files.</summary>
public sealed record StageContext(string? InputPath, string Folder, IReadOnlyList<StageFile> EarlierStages, IModelProvider Models, IProgress<StageProgress>? Progress);

/// <summary>
/// One stage of <c>raif data pipeline</c>: reads the previous stage's JSONL, writes its own into its folder. A stage
/// that makes model calls runs on <see cref="StageRunner"/>, so a rerun resumes it mid-way; the pipeline skips stages
/// that finished.
/// </summary>
public interface IPipelineStage
{
    /// <summary>Stage name (also its folder name in the work folder).</summary>
    string Name { get; }

    /// <summary>The settings that determine the output; a finished stage whose settings changed is an error, not a silent reuse.</summary>
    string Fingerprint { get; }

    /// <summary>
    /// The files this stage reads, given the earlier stages' outputs in run order: by default the previous stage's
    /// output. Their contents are the stage's input identity, recorded when it runs; a finished stage whose input
    /// changed since (an earlier stage redone, a file edited) is redone.
    /// </summary>
    IEnumerable<string> InputFiles(IReadOnlyList<StageFile> earlier) => earlier.Count == 0 ? [] : [earlier[^1].OutputPath];

    /// <summary>The file the next stage reads, relative to the stage folder.</summary>
    string OutputFile { get; }

    Task RunAsync(StageContext context, CancellationToken cancellationToken);
}
