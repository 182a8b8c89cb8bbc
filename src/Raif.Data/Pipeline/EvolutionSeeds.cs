using Raif.Data.Export;

namespace Raif.Data.Pipeline;

/// <summary>
/// Where an evolution stage reads its seeds: the <c>[seeds]</c> stage's <c>seeds.jsonl</c> when the pipeline ran
/// one, else the stage's own <c>seeds</c> file. Evolution stages run side by side on the same seeds, so they do not
/// read the previous stage's output (that may be another evolution stage's records).
/// </summary>
public static class EvolutionSeeds
{
    /// <summary>The name of the seeds stage, whose output feeds every evolution stage.</summary>
    public const string SeedsStage = SeedsPipelineStage.StageName;

    /// <summary>The seed file and the field its instruction is in; null path when neither is there (built-in seeds, offline only).</summary>
    public static (string? Path, string Field) Resolve(StageContext context, string? seedsPath, string field)
    {
        var seeds = context.EarlierStages.LastOrDefault(s => s.Stage == SeedsStage);
        // The seeds stage writes the instruction as "text" (SeedRecord), whatever field its inputs used.
        return seeds is not null ? (seeds.OutputPath, "text") : (seedsPath, field);
    }

    /// <summary>The file an evolution stage reads its seeds from (<see cref="IPipelineStage.InputFiles"/>): none for built-in seeds.</summary>
    public static IEnumerable<string> InputFiles(IReadOnlyList<StageFile> earlier, string? seedsPath) =>
        (earlier.LastOrDefault(s => s.Stage == SeedsStage)?.OutputPath ?? seedsPath) is { } path ? [path] : [];

    /// <summary>For a model evolution stage: the file, or an error saying where seeds come from.</summary>
    public static (string Path, string Field) Require(StageContext context, string? seedsPath, string field, string stage)
    {
        var (path, f) = Resolve(context, seedsPath, field);
        return path is null
            ? throw new ArgumentException($"{stage} needs seeds: add a [seeds] stage or give seeds = \"FILE.jsonl\" in [{stage}]")
            : (path, f);
    }

    /// <summary>The stage names that evolve seeds into RL records, in the order their outputs are concatenated.</summary>
    public static readonly IReadOnlyList<string> Stages = ["evolve", "evolve-rules", "evolve-checklist"];
}
