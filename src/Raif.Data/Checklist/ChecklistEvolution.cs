using Microsoft.Extensions.AI;
using Raif.Core.Jsonl;
using Raif.Data.Evolution;
using Raif.Data.Models;
using Raif.Data.Seeds;
using Raif.Data.Stages;

namespace Raif.Data.Checklist;

/// <summary>
/// <c>raif data evolve-checklist</c>: evolution with LLM-judged constraints (spec §3.3). Per seed line, call 1 sends a
/// one-shot example (chosen by (random seed, seed id) among the examples in the seed's language) and the seed, and
/// parses new sub-instructions and YES/NO scoring questions (<see cref="ChecklistReplies.ParseEvolve"/>); call 2
/// merges the sub-instructions into one instruction (<see cref="ChecklistReplies.ParseMerge"/>). A reply that
/// breaks its format is re-asked up to <see cref="ModelCallOptions.ReplyRetries"/> times, then the seed is dropped
/// with the reason. The kept record is a <c>complex</c> RL prompt rendered like the ifeval ones
/// (<see cref="RecordInput"/>), tagged with the example's composition. Runs on <see cref="StageRunner"/>.
/// </summary>
public static class ChecklistEvolution
{
    public const string Stage = "evolve-checklist";
    public const string RecordsFile = "complex.jsonl";

    public static async Task<StageSummary> RunAsync(
        string inputPath, string outputDir, IChatClient chat, ChecklistOptions options,
        IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        Directory.CreateDirectory(outputDir);
        var examples = options.Examples.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();

        async Task<StageOutcome> Process(JsonlLine line, CancellationToken ct)
        {
            if (SeedLine.ForModelStage(line, options.Field, options.Stage.SkipBadLines, "checklists are written", out string? drop) is not { } seed)
                return StageOutcome.Dropped(drop!);
            var example = PickExample(examples, seed, options.RandomSeed);
            var evolved = await FormattedAsk.AskAsync(chat, ChecklistPrompts.Evolve(example, seed),
                reply => ChecklistReplies.ParseEvolve(reply, example, seed.Language), options.Call, ct).ConfigureAwait(false);
            if (evolved.Value is not { } checklist)
                return StageOutcome.Dropped($"evolve: {evolved.Replies} replies broke the format; last: {evolved.Error}");
            var merged = await FormattedAsk.AskAsync(chat, ChecklistPrompts.Merge(checklist, seed.Language),
                reply => ChecklistReplies.ParseMerge(reply, checklist, seed.Language), options.Call, ct).ConfigureAwait(false);
            if (merged.Value is not { } instruction)
                return StageOutcome.Dropped($"merge: {merged.Replies} replies broke the format; last: {merged.Error}");
            string input = RecordInput.Render(options.Template, options.CotTrigger, instruction);
            string target = ChecklistRecord.TargetJson(checklist.ScoringQuestions);
            var record = new ChecklistRecord(ContentId.Of(input, target, options.Task), input, target, options.Task,
                instruction, seed.Id, seed.Language, example.Composition);
            return StageOutcome.Kept(RecordJson.Of(record.WriteTo));
        }

        return await StageRunner.RunAsync(Stage, inputPath, Path.Combine(outputDir, RecordsFile), Process, options.Stage, progress, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The example for a seed: drawn among those in its language (all when none is), by (random seed, seed id).</summary>
    public static ChecklistExample PickExample(IReadOnlyList<ChecklistExample> examples, Seed seed, long randomSeed)
    {
        var same = examples.Where(e => e.Language.StartsWith(seed.Language, StringComparison.OrdinalIgnoreCase)).ToList();
        var pool = same.Count > 0 ? same : [.. examples];
        return SplitMix64.For(randomSeed, StreamIndex.Of(Stage, seed.Id)).Pick(pool);
    }
}
