using System.CommandLine;
using Raif.Cli.Commands.Eval;
using Raif.Verifiers.IfEval;
using Spectre.Console;

namespace Raif.Cli.Commands;

/// <summary><c>raif eval ifeval</c>: Google's IFEval evaluation (strict and loose) with Raif's verifiers.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var command = new Command("eval", "Evaluate model responses on benchmarks.");
        command.Add(CreateIfeval());
        command.Add(CfBenchEvalCommand.Create());
        command.Add(InfoBenchEvalCommand.Create());
        command.Add(FbBenchEvalCommand.Create());
        command.Add(EvalRunCommand.Create());
        command.Add(EvalCompareCommand.Create());
        command.Add(EvalCelloCommand.Create());
        command.Add(EvalFollowBenchCommand.Create());
        command.Add(EvalComplexBenchCommand.Create());
        return command;
    }

    private static Command CreateIfeval()
    {
        var inputData = new Option<FileInfo>("--input-data") { Description = "IFEval input_data.jsonl (key, prompt, instruction_id_list, kwargs).", Required = true };
        var responses = new Option<FileInfo>("--responses") { Description = "Responses JSONL (prompt, response); matched to inputs by prompt text.", Required = true };
        var outputDir = new Option<DirectoryInfo>("--output-dir") { Description = "Where eval_results_strict.jsonl and eval_results_loose.jsonl are written.", Required = true };
        var variant = new Option<string>("--variant")
        {
            Description = "official (Google's checkers, the default) or raif (RAIF's checker changes).",
            DefaultValueFactory = _ => "official",
        };
        variant.AcceptOnlyFromAmong("official", "raif");
        var command = new Command("ifeval", "Score responses with IFEval's 25 instruction checkers, strict and loose, and write the official result files.")
        {
            inputData, responses, outputDir, variant,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = new IfevalOptions(parse.GetValue(variant) == "raif" ? IfevalVariant.Raif : IfevalVariant.Official);
            var inputs = IfevalFiles.ReadInputs(parse.GetValue(inputData)!.FullName, cancellationToken);
            var answers = IfevalFiles.ReadResponses(parse.GetValue(responses)!.FullName, cancellationToken);
            var console = IfevalReport.Console(parse.InvocationConfiguration.Output);
            IfevalRunResult? run = null;
            console.Progress().Start(ctx =>
            {
                var task = ctx.AddTask("IFEval", maxValue: inputs.Count);
                var progress = new Progress<int>(done => task.Value = done);
                run = IfevalRun.Evaluate(new IfevalEvaluator(options), inputs, answers, progress, cancellationToken);
                task.Value = inputs.Count;
            });
            var dir = parse.GetValue(outputDir)!;
            Directory.CreateDirectory(dir.FullName);
            string strictPath = Path.Combine(dir.FullName, "eval_results_strict.jsonl");
            string loosePath = Path.Combine(dir.FullName, "eval_results_loose.jsonl");
            IfevalFiles.WriteResults(strictPath, run!.Strict);
            IfevalFiles.WriteResults(loosePath, run.Loose);
            IfevalReport.Print(console, IfevalScores.Compute(run.Strict), IfevalScores.Compute(run.Loose));
            console.MarkupLine($"wrote [bold]{Markup.Escape(strictPath)}[/] and [bold]{Markup.Escape(loosePath)}[/]");
            return Task.FromResult(0);
        });
        return command;
    }
}
