using System.CommandLine;
using Raif.Data.Checklist;

namespace Raif.Cli.Commands;

/// <summary>
/// <c>raif data evolve-checklist</c>: the two-call evolution of spec §3.3 (sub-instructions and YES/NO scoring
/// questions from a one-shot example, then a merge into one instruction) → <c>complex</c> RL records (docs/data.md).
/// </summary>
internal static class DataEvolveChecklistCommand
{
    public static Command Create()
    {
        var stage = new DataModelStageCliOptions();
        var examples = new Option<DirectoryInfo?>("--examples")
        {
            Description = "Folder of one-shot example files (*.json: language, composition, instruction, sub_instructions, scoring_questions) replacing the built-in ones.",
        };
        var command = new Command("evolve-checklist", "Evolve seeds into LLM-judged RL records with YES/NO scoring questions (spec §3.3, task complex).")
        {
            examples,
        };
        stage.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var shots = parse.GetValue(examples) is { } folder ? ChecklistExample.LoadFolder(folder.FullName) : ChecklistExample.Builtin;
            var stageOptions = stage.StageOptions(parse);
            var status = parse.InvocationConfiguration.Error;
            var (model, call) = await stage.OpenModelAsync(parse, status, cancellationToken);
            using (model)
            {
                var options = new ChecklistOptions
                {
                    Field = parse.GetValue(stage.Field)!,
                    Examples = shots,
                    RandomSeed = parse.GetValue(stage.Seed),
                    Template = stage.ChatTemplate(parse),
                    CotTrigger = !parse.GetValue(stage.NoCotTrigger),
                    Call = call,
                    Stage = stageOptions,
                };
                var summary = await ChecklistEvolution.RunAsync(parse.GetValue(stage.Input)!.FullName, parse.GetValue(stage.Output)!.FullName,
                    model.Chat!, options, DataModelStageCliOptions.Progress(status), cancellationToken);
                DataModelStageCliOptions.WriteSummary(parse.InvocationConfiguration.Output, summary);
            }
            return 0;
        });
        return command;
    }
}
