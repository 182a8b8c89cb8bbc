using Raif.Core.Templates;
using Raif.Data.Evolution;
using Raif.Data.Export;
using Raif.Data.Seeds;
using Raif.Verifiers.IfEval;

namespace Raif.Data.Pipeline;

/// <summary>
/// <c>[evolve]</c> with <c>offline = true</c>: seeds (built-in, a <c>seeds</c> file, or the <c>[seeds]</c> stage's output)
/// → code-verifiable RL records (<c>evolve/ifeval.jsonl</c>, <c>evolve/stats.json</c>). No model calls and
/// byte-identical for a seed, so a killed run simply redoes it.
/// </summary>
public sealed class OfflineEvolveStage(EvolveOptions options, string? seedsPath, string seedField) : IPipelineStage
{
    public string Name => "evolve";

    public string OutputFile => OfflineEvolution.RecordsFile;

    public string Fingerprint =>
        $"offline count={options.Count} seed={options.RandomSeed} template={options.Template.Name} trigger={options.CotTrigger} " +
        $"constraints={options.MinConstraints}..{options.MaxConstraints} variant={options.Variant} xml={options.IncludeXml} seeds={seedsPath ?? "built-in"} field={seedField}";

    public IEnumerable<string> InputFiles(IReadOnlyList<StageFile> earlier) => EvolutionSeeds.InputFiles(earlier, seedsPath);

    public Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var (seedFile, field) = EvolutionSeeds.Resolve(context, seedsPath, seedField);
        IReadOnlyList<Seed> seeds = seedFile is null ? BuiltinSeeds.Seeds : SeedFile.Read(seedFile, field, skipBadLines: false, null, cancellationToken);
        OfflineEvolution.Run(seeds, options, context.Folder, null, cancellationToken);
        return Task.CompletedTask;
    }

    /// <summary>Reads <c>[evolve]</c>.</summary>
    public static OfflineEvolveStage Read(ConfigSection section)
    {
        if (!section.Bool("offline", false))
            throw section.Error("offline", "[evolve] is the offline evolution: set offline = true; model evolution is [evolve-rules] and [evolve-checklist] (docs/data.md)");
        var options = new EvolveOptions
        {
            Count = section.Int("count", 1000, 1, 10_000_000),
            RandomSeed = section.Long("seed", 1),
            Template = ChatTemplates.Get(section.Choice("template", "qwen", [.. ChatTemplates.Names])),
            CotTrigger = section.Bool("cot_trigger", true),
            MinConstraints = section.Int("min_constraints", 1, 1, 8),
            MaxConstraints = section.Int("max_constraints", 4, 1, 8),
            Variant = section.Choice("ifeval_variant", "official", ["official", "raif"]) == "raif" ? IfevalVariant.Raif : IfevalVariant.Official,
            IncludeXml = section.Bool("xml", false),
        };
        if (options.MaxConstraints < options.MinConstraints)
            throw section.Error("max_constraints", $"{options.MaxConstraints} is below min_constraints {options.MinConstraints}");
        var stage = new OfflineEvolveStage(options, section.PathValue("seeds"), section.String("field", "instruction"));
        section.RejectUnknownKeys();
        return stage;
    }
}
