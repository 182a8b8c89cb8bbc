using Raif.Data.Evolution;
using Raif.Data.Export;
using Raif.Verifiers.IfEval;

namespace Raif.Data.Pipeline;

/// <summary>
/// <c>[evolve-rules]</c>: <see cref="ModelRuleEvolution"/>, code-verifiable records whose semantic arguments a chat
/// model fits to each seed → <c>evolve-rules/ifeval.jsonl</c> (+ journal and drops); resumable.
/// </summary>
public sealed class RulesEvolveStage(ModelEvolveSettings settings, EvolveOptions evolve, BrokenWordsReply onBrokenReply) : IPipelineStage
{
    public string Name => ModelRuleEvolution.Stage;

    public string OutputFile => ModelRuleEvolution.RecordsFile;

    public string Fingerprint =>
        $"{settings.Fingerprint} constraints={evolve.MinConstraints}..{evolve.MaxConstraints} variant={evolve.Variant} xml={evolve.IncludeXml} on_broken_reply={onBrokenReply}";

    public IEnumerable<string> InputFiles(IReadOnlyList<StageFile> earlier) => EvolutionSeeds.InputFiles(earlier, settings.SeedsPath);

    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var (seeds, field) = EvolutionSeeds.Require(context, settings.SeedsPath, settings.Field, Name);
        var chat = await context.Models.ChatAsync(settings.Model, cancellationToken).ConfigureAwait(false);
        await ModelRuleEvolution.RunAsync(seeds, context.Folder, chat, evolve, new ModelRuleEvolutionOptions
        {
            Field = field,
            Call = settings.Call,
            Stage = settings.Stage,
            OnBrokenReply = onBrokenReply,
        }, context.Progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads <c>[evolve-rules]</c>.</summary>
    public static RulesEvolveStage Read(ConfigSection section)
    {
        var settings = ModelEvolveSettings.Read(section);
        var evolve = new EvolveOptions
        {
            RandomSeed = settings.RandomSeed,
            Template = settings.Template,
            CotTrigger = settings.CotTrigger,
            MinConstraints = section.Int("min_constraints", 1, 1, 8),
            MaxConstraints = section.Int("max_constraints", 4, 1, 8),
            Variant = section.Choice("ifeval_variant", "official", ["official", "raif"]) == "raif" ? IfevalVariant.Raif : IfevalVariant.Official,
            IncludeXml = section.Bool("xml", false),
        };
        if (evolve.MaxConstraints < evolve.MinConstraints)
            throw section.Error("max_constraints", $"{evolve.MaxConstraints} is below min_constraints {evolve.MinConstraints}");
        var onBroken = section.Choice("on_broken_reply", "drop", ["drop", "seed-words"]) == "seed-words" ? BrokenWordsReply.SeedWords : BrokenWordsReply.Drop;
        section.RejectUnknownKeys();
        return new RulesEvolveStage(settings, evolve, onBroken);
    }
}
