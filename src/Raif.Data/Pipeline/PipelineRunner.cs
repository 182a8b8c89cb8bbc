using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Data.Export;
using Raif.Data.Stages;

namespace Raif.Data.Pipeline;

/// <summary>A stage of the pipeline starting, skipped because it finished before, or finished now.</summary>
public sealed record PipelineEvent(string Stage, PipelineEventKind Kind, string OutputPath);

public enum PipelineEventKind
{
    Started,
    SkippedFinished,
    Finished,
}

/// <summary>
/// Runs the stages in order in one work folder (<c>WORK/&lt;stage&gt;/</c>), each stage's output feeding the next.
/// A finished stage leaves <c>WORK/&lt;stage&gt;/.done</c> (written atomically after its outputs) holding its
/// fingerprint; a rerun skips it, and a stage killed mid-way resumes from its journal. A finished stage whose
/// settings changed since is an error naming it, so stale data is never fed forward silently.
/// </summary>
public static class PipelineRunner
{
    public const string DoneFile = ".done";

    public static async Task<IReadOnlyList<StageFile>> RunAsync(IReadOnlyList<IPipelineStage> stages, string workDir, IModelProvider models,
        IProgress<PipelineEvent>? events = null, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (stages.Count == 0)
            throw new ArgumentException("the pipeline has no stages");
        var duplicate = stages.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"stage '{duplicate.Key}' appears twice");
        Directory.CreateDirectory(workDir);
        var done = new List<StageFile>();
        string? input = null;
        foreach (var stage in stages)
        {
            string folder = Path.Combine(workDir, stage.Name);
            string output = Path.Combine(folder, stage.OutputFile);
            string marker = Path.Combine(folder, DoneFile);
            if (File.Exists(marker))
            {
                string recorded = ReadFingerprint(marker);
                if (recorded != stage.Fingerprint)
                    throw new InvalidDataException(
                        $"{marker}: stage '{stage.Name}' finished with other settings ({recorded}; now {stage.Fingerprint}); delete {folder} to redo it and the stages after it");
                events?.Report(new PipelineEvent(stage.Name, PipelineEventKind.SkippedFinished, output));
            }
            else
            {
                Directory.CreateDirectory(folder);
                events?.Report(new PipelineEvent(stage.Name, PipelineEventKind.Started, output));
                await stage.RunAsync(new StageContext(input, folder, [.. done], models, progress), cancellationToken).ConfigureAwait(false);
                AtomicFile.WriteAllText(marker, JsonSerializer.Serialize(new { stage = stage.Name, fingerprint = stage.Fingerprint }) + "\n");
                events?.Report(new PipelineEvent(stage.Name, PipelineEventKind.Finished, output));
            }
            done.Add(new StageFile(stage.Name, output));
            input = output;
        }
        return done;
    }

    private static string ReadFingerprint(string marker)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(marker));
            return doc.RootElement.GetProperty("fingerprint").GetString() ?? "";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"{marker}: not a stage completion marker ({e.Message}); delete it to rerun the stage", e);
        }
    }
}
