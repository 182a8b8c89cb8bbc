using Raif.Core.Jsonl;
using Raif.Data.Export;

namespace Raif.Data.Pipeline;

/// <summary>
/// <c>evolved</c>: added by the pipeline when more than one evolution stage runs; concatenates their records in the
/// fixed order of <see cref="EvolutionSeeds.Stages"/> (offline ifeval, model ifeval, then complex) into
/// <c>evolved/evolved.jsonl</c>, the next stage's input. Byte-for-byte and written atomically, so a rerun gives the
/// same file and a killed run simply redoes it.
/// </summary>
public sealed class ConcatenateEvolvedStage(IReadOnlyList<string> stages) : IPipelineStage
{
    public const string StageName = "evolved";

    public string Name => StageName;

    public string OutputFile => "evolved.jsonl";

    public IReadOnlyList<string> Stages => stages;

    public string Fingerprint => $"concatenate={string.Join(',', stages)}";

    public IEnumerable<string> InputFiles(IReadOnlyList<StageFile> earlier) => earlier.Where(s => stages.Contains(s.Stage)).Select(s => s.OutputPath);

    public Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var files = stages.Select(name => context.EarlierStages.LastOrDefault(s => s.Stage == name)?.OutputPath
            ?? throw new ArgumentException($"the pipeline did not run stage '{name}' before {StageName}")).ToList();
        AtomicFile.Write(Path.Combine(context.Folder, OutputFile), output =>
        {
            foreach (string file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                byte[] bytes = File.ReadAllBytes(file);
                output.Write(bytes);
                // A file whose last line lacks its newline must not run into the next file's first line.
                if (bytes.Length > 0 && bytes[^1] != (byte)'\n')
                    output.WriteByte((byte)'\n');
            }
        });
        return Task.CompletedTask;
    }
}
