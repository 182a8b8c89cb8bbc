using System.CommandLine;
using Raif.Data.Evolution;
using Raif.Verifiers.IfEval;

namespace Raif.Cli.Commands;

/// <summary>
/// <c>raif data evolve-rules</c>: <c>evolve --offline</c> with the semantic constraint arguments fitted to each seed
/// by a chat model (spec §3.2); one record per seed, resumable (docs/data.md).
/// </summary>
internal static class DataEvolveRulesCommand
{
    public static Command Create()
    {
        var stage = new DataModelStageCliOptions();
        var minConstraints = new Option<int>("--min-constraints") { Description = "Fewest constraints per record.", DefaultValueFactory = _ => 1 };
        var maxConstraints = new Option<int>("--max-constraints") { Description = "Most constraints per record.", DefaultValueFactory = _ => 4 };
        var variant = new Option<string>("--ifeval-variant")
        {
            Description = "Checker semantics the records target: 'official' or 'raif' (adds response_language zh-cn for Chinese seeds).",
            DefaultValueFactory = _ => "official",
        };
        variant.AcceptOnlyFromAmong("official", "raif");
        var xml = new Option<bool>("--xml") { Description = "Also use RAIF's detectable_format:xml_format." };
        var onBrokenReply = new Option<string>("--on-broken-reply")
        {
            Description = "When the model's word replies keep breaking the format: 'drop' the seed (with the reason), or fill from the seed's own 'seed-words' as --offline does.",
            DefaultValueFactory = _ => "drop",
        };
        onBrokenReply.AcceptOnlyFromAmong("drop", "seed-words");
        var command = new Command("evolve-rules", "Evolve seeds into code-verifiable RL records, with keywords, forbidden words and first words fitted by a chat model (spec §3.2).")
        {
            minConstraints, maxConstraints, variant, xml, onBrokenReply,
        };
        stage.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var evolve = new EvolveOptions
            {
                RandomSeed = parse.GetValue(stage.Seed),
                Template = stage.ChatTemplate(parse),
                CotTrigger = !parse.GetValue(stage.NoCotTrigger),
                MinConstraints = parse.GetValue(minConstraints),
                MaxConstraints = parse.GetValue(maxConstraints),
                Variant = parse.GetValue(variant) == "raif" ? IfevalVariant.Raif : IfevalVariant.Official,
                IncludeXml = parse.GetValue(xml),
            };
            var stageOptions = stage.StageOptions(parse);
            var status = parse.InvocationConfiguration.Error;
            var (model, call) = await stage.OpenModelAsync(parse, status, cancellationToken);
            using (model)
            {
                var options = new ModelRuleEvolutionOptions
                {
                    Field = parse.GetValue(stage.Field)!,
                    Call = call,
                    Stage = stageOptions,
                    OnBrokenReply = parse.GetValue(onBrokenReply) == "seed-words" ? BrokenWordsReply.SeedWords : BrokenWordsReply.Drop,
                };
                var summary = await ModelRuleEvolution.RunAsync(parse.GetValue(stage.Input)!.FullName, parse.GetValue(stage.Output)!.FullName,
                    model.Chat!, evolve, options, DataModelStageCliOptions.Progress(status), cancellationToken);
                DataModelStageCliOptions.WriteSummary(parse.InvocationConfiguration.Output, summary);
            }
            return 0;
        });
        return command;
    }
}
