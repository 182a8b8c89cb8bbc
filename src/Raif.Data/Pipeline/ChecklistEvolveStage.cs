using Raif.Data.Checklist;
using Raif.Data.Export;

namespace Raif.Data.Pipeline;

/// <summary>
/// <c>[evolve-checklist]</c>: <see cref="ChecklistEvolution"/>, two model calls per seed → <c>complex</c> records in
/// <c>evolve-checklist/complex.jsonl</c> (+ journal and drops); resumable. <c>examples</c> names a folder of one-shot
/// examples replacing the built-in ones.
/// </summary>
public sealed class ChecklistEvolveStage(ModelEvolveSettings settings, string? examplesFolder) : IPipelineStage
{
    public string Name => ChecklistEvolution.Stage;

    public string OutputFile => ChecklistEvolution.RecordsFile;

    public string Fingerprint => $"{settings.Fingerprint} examples={examplesFolder ?? "built-in"}";

    public IEnumerable<string> InputFiles(IReadOnlyList<StageFile> earlier) => EvolutionSeeds.InputFiles(earlier, settings.SeedsPath);

    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var (seeds, field) = EvolutionSeeds.Require(context, settings.SeedsPath, settings.Field, Name);
        var examples = examplesFolder is null ? ChecklistExample.Builtin : ChecklistExample.LoadFolder(examplesFolder);
        var chat = await context.Models.ChatAsync(settings.Model, cancellationToken).ConfigureAwait(false);
        await ChecklistEvolution.RunAsync(seeds, context.Folder, chat, new ChecklistOptions
        {
            Field = field,
            Examples = examples,
            RandomSeed = settings.RandomSeed,
            Template = settings.Template,
            CotTrigger = settings.CotTrigger,
            Call = settings.Call,
            Stage = settings.Stage,
        }, context.Progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads <c>[evolve-checklist]</c>.</summary>
    public static ChecklistEvolveStage Read(ConfigSection section)
    {
        var settings = ModelEvolveSettings.Read(section);
        string? examples = section.PathValue("examples");
        if (examples is not null && !Directory.Exists(examples))
            throw section.Error("examples", $"folder {examples} does not exist");
        section.RejectUnknownKeys();
        return new ChecklistEvolveStage(settings, examples);
    }
}
