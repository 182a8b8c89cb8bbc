using Microsoft.Extensions.AI;
using Raif.Core.Jsonl;
using Raif.Data.Models;
using Raif.Data.Seeds;
using Raif.Data.Stages;

namespace Raif.Data.Evolution;

/// <summary>What evolve-rules does when the model's word replies keep breaking the format.</summary>
public enum BrokenWordsReply
{
    /// <summary>Drop the seed, with the last format error as its reason (the default: every record's words then come from the model).</summary>
    Drop,

    /// <summary>Fill the semantic arguments from the seed's own words, as <c>evolve --offline</c> does.</summary>
    SeedWords,
}

/// <summary>Options of <see cref="ModelRuleEvolution"/> beyond the rule-evolution ones.</summary>
public sealed record ModelRuleEvolutionOptions
{
    /// <summary>Field of an input line that holds the seed instruction.</summary>
    public string Field { get; init; } = "text";

    public ModelCallOptions Call { get; init; } = new();

    public StageOptions Stage { get; init; } = new();

    public BrokenWordsReply OnBrokenReply { get; init; } = BrokenWordsReply.Drop;
}

/// <summary>
/// <c>raif data evolve-rules</c>: code-verifiable evolution (spec §3.2) with the four semantic arguments fitted to
/// each seed by a chat model (<see cref="SemanticWordsPrompt"/>); everything else — combinations, numeric
/// arguments, argument-level rules, wording, composition, rendering — is the offline <see cref="RuleEvolver"/>.
/// One record per seed line, drawn with a generator seeded by (random seed, seed id), so a rerun with a greedy model
/// gives the same records. Runs on <see cref="StageRunner"/>: resumable, exactly once per seed.
/// </summary>
public static class ModelRuleEvolution
{
    public const string Stage = "evolve-rules";
    public const string RecordsFile = "ifeval.jsonl";

    public static async Task<StageSummary> RunAsync(
        string inputPath, string outputDir, IChatClient chat, EvolveOptions evolve, ModelRuleEvolutionOptions options,
        IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Call.Validate();
        // The evolver needs every seed up front: the valid combinations per language, and other seeds' words for
        // Selection conditions. Lines it cannot read are left to the stage runner to report.
        var seeds = new List<Seed>();
        foreach (var entry in JsonlReader.ReadEntries(inputPath, cancellationToken))
        {
            if (entry.Error is not null)
                continue;
            try
            {
                var seed = SeedLine.From(entry.Line!.Value, options.Field);
                if (seed.Language is Seed.English or Seed.Chinese)
                    seeds.Add(seed);
            }
            catch (JsonlException)
            {
            }
        }
        if (seeds.Count == 0)
            throw new InvalidDataException($"{inputPath}: no English or Chinese seed instruction in field \"{options.Field}\"");
        var evolver = new RuleEvolver(seeds, evolve);
        Directory.CreateDirectory(outputDir);

        async Task<StageOutcome> Process(JsonlLine line, CancellationToken ct)
        {
            if (SeedLine.ForModelStage(line, options.Field, options.Stage.SkipBadLines, "constraints are worded", out string? drop) is not { } seed)
                return StageOutcome.Dropped(drop!);
            var answer = await FormattedAsk.AskAsync(chat, SemanticWordsPrompt.Build(seed), reply => SemanticWordsPrompt.Parse(reply, seed.Language), options.Call, ct)
                .ConfigureAwait(false);
            if (answer.Value is null && options.OnBrokenReply == BrokenWordsReply.Drop)
                return StageOutcome.Dropped($"semantic words: {answer.Replies} replies broke the format; last: {answer.Error}");
            var rng = SplitMix64.For(evolve.RandomSeed, StreamIndex.Of(Stage, seed.Id));
            var record = evolver.Evolve(seed, rng, answer.Value);
            if (record is null)
                return StageOutcome.Dropped("no constraint combination could be filled for this seed with these words");
            return StageOutcome.Kept(RecordJson.Of(record.WriteTo));
        }

        return await StageRunner.RunAsync(Stage, inputPath, Path.Combine(outputDir, RecordsFile), Process, options.Stage, progress, cancellationToken)
            .ConfigureAwait(false);
    }
}
