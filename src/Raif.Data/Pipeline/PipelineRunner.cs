using System.Security.Cryptography;
using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Data.Export;
using Raif.Data.Stages;

namespace Raif.Data.Pipeline;

/// <summary>A stage of the pipeline starting, skipped because it finished before, redone because its input changed, or finished now.</summary>
public sealed record PipelineEvent(string Stage, PipelineEventKind Kind, string OutputPath);

public enum PipelineEventKind
{
    Started,
    SkippedFinished,

    /// <summary>What the stage's folder holds was made from other input (an earlier stage redone): it is discarded and the stage runs again.</summary>
    InputChanged,
    Finished,
}

/// <summary>
/// Runs the stages in order in one work folder (<c>WORK/&lt;stage&gt;/</c>), each stage's output feeding the next.
/// A stage records what it ran with: its settings' fingerprint and its input identity (a hash of the files it reads,
/// <see cref="IPipelineStage.InputFiles"/>), in <c>.started</c> before it runs and in <c>.done</c> (written atomically
/// after its outputs) when it finished. A rerun skips a finished stage, and a stage killed mid-way resumes from its
/// journal. A stage whose input changed since (an earlier stage redone) is redone from scratch, its folder discarded,
/// so nothing made from old input is fed forward or resumed. A finished stage whose own settings changed is an error
/// naming it: redoing it throws away paid-for model calls, so that takes deleting its folder.
/// </summary>
public static class PipelineRunner
{
    public const string DoneFile = ".done";

    public const string StartedFile = ".started";

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
        var hashes = new InputHashes();
        string? input = null;
        foreach (var stage in stages)
        {
            string folder = Path.Combine(workDir, stage.Name);
            string output = Path.Combine(folder, stage.OutputFile);
            string marker = Path.Combine(folder, DoneFile);
            string started = Path.Combine(folder, StartedFile);
            string identity = hashes.Identity(stage.InputFiles(done), cancellationToken);
            bool redo = false;
            if (File.Exists(marker))
            {
                var recorded = ReadMarker(marker);
                if (recorded.Input is not null && recorded.Input != identity)
                    redo = true;
                else if (recorded.Fingerprint != stage.Fingerprint)
                    throw new InvalidDataException(
                        $"{marker}: stage '{stage.Name}' finished with other settings ({recorded.Fingerprint}; now {stage.Fingerprint}); delete {folder} to redo it (the stages after it are then redone, their input having changed)");
                else if (recorded.Input is null)
                    // A marker from before input identities were recorded: trusted as before, and recorded from now on.
                    WriteMarker(marker, stage, identity);
            }
            else if (File.Exists(started) && ReadMarker(started).Input != identity)
            {
                redo = true;
            }

            if (File.Exists(marker) && !redo)
            {
                events?.Report(new PipelineEvent(stage.Name, PipelineEventKind.SkippedFinished, output));
            }
            else
            {
                if (redo)
                {
                    events?.Report(new PipelineEvent(stage.Name, PipelineEventKind.InputChanged, output));
                    Directory.Delete(folder, recursive: true);
                }
                Directory.CreateDirectory(folder);
                WriteMarker(started, stage, identity);
                events?.Report(new PipelineEvent(stage.Name, PipelineEventKind.Started, output));
                await stage.RunAsync(new StageContext(input, folder, [.. done], models, progress), cancellationToken).ConfigureAwait(false);
                WriteMarker(marker, stage, identity);
                events?.Report(new PipelineEvent(stage.Name, PipelineEventKind.Finished, output));
            }
            done.Add(new StageFile(stage.Name, output));
            input = output;
        }
        return done;
    }

    private static void WriteMarker(string path, IPipelineStage stage, string input) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(new { stage = stage.Name, fingerprint = stage.Fingerprint, input }) + "\n");

    /// <summary>A marker's fingerprint and input identity (null in markers written before identities were recorded).</summary>
    private static (string Fingerprint, string? Input) ReadMarker(string marker)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(marker));
            var root = doc.RootElement;
            string? input = root.TryGetProperty("input", out var i) ? i.GetString() : null;
            return (root.GetProperty("fingerprint").GetString() ?? "", input);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"{marker}: not a stage marker ({e.Message}); delete it to rerun the stage", e);
        }
    }

    /// <summary>SHA-256 of input files, each read once per run (a stage's output does not change after it finished).</summary>
    private sealed class InputHashes
    {
        private readonly Dictionary<string, string> _hashes = new(StringComparer.Ordinal);

        /// <summary>One id for the files in order; a missing file counts as such (the stage reading it reports the error).</summary>
        public string Identity(IEnumerable<string> files, CancellationToken cancellationToken) =>
            ContentId.Of([.. files.Select(f => Hash(Path.GetFullPath(f), cancellationToken))]);

        private string Hash(string path, CancellationToken cancellationToken)
        {
            if (!_hashes.TryGetValue(path, out string? hash))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (File.Exists(path))
                {
                    using var stream = File.OpenRead(path);
                    hash = Convert.ToHexStringLower(SHA256.HashData(stream));
                }
                else
                {
                    hash = "missing";
                }
                _hashes[path] = hash;
            }
            return hash;
        }
    }
}
