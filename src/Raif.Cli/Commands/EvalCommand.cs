using System.CommandLine;
using Raif.Cli.Commands.Eval;
using Raif.Verifiers.IfBench;
using Raif.Verifiers.IfEval;
using Spectre.Console;

namespace Raif.Cli.Commands;

/// <summary>
/// <c>raif eval ifeval</c> and <c>raif eval ifbench</c>: a benchmark's strict and loose evaluation with Raif's
/// verifiers, writing the official result files. Both benchmarks share IFEval's evaluator and file formats and differ
/// only in their instruction registry.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var command = new Command("eval", "Evaluate model responses on benchmarks.");
        command.Add(CreateIfeval());
        command.Add(CreateIfbench());
        command.Add(CfBenchEvalCommand.Create());
        command.Add(InfoBenchEvalCommand.Create());
        command.Add(FbBenchEvalCommand.Create());
        command.Add(EvalRunCommand.Create());
        command.Add(EvalCompareCommand.Create());
        return command;
    }

    private static Command CreateIfeval()
    {
        var variant = new Option<string>("--variant")
        {
            Description = "official (Google's checkers, the default) or raif (RAIF's checker changes).",
            DefaultValueFactory = _ => "official",
        };
        variant.AcceptOnlyFromAmong("official", "raif");
        return CreateBenchmark(
            "ifeval", "IFEval", "IFEval input_data.jsonl (key, prompt, instruction_id_list, kwargs).",
            "Score responses with IFEval's 25 instruction checkers, strict and loose, and write the official result files.",
            [variant],
            parse => new IfevalEvaluator(new IfevalOptions(parse.GetValue(variant) == "raif" ? IfevalVariant.Raif : IfevalVariant.Official)));
    }

    private static Command CreateIfbench() => CreateBenchmark(
        "ifbench", "IFBench", "IFBench test file (key, prompt, instruction_id_list, kwargs), e.g. IFBench_test.jsonl.",
        "Score responses with IFBench's 58 out-of-distribution checkers (2025 release semantics), strict and loose, " +
        "and write the official result files. A check that raises in the reference code counts as not followed and is listed.",
        [],
        _ => new IfevalEvaluator(registry: IfBenchRegistry.Default));

    private static Command CreateBenchmark(
        string name, string title, string inputDescription, string description, Option[] extraOptions,
        Func<ParseResult, IfevalEvaluator> evaluatorFor)
    {
        var inputData = new Option<FileInfo>("--input-data") { Description = inputDescription, Required = true };
        var responses = new Option<FileInfo>("--responses") { Description = "Responses JSONL (prompt, response); matched to inputs by prompt text.", Required = true };
        var outputDir = new Option<DirectoryInfo>("--output-dir") { Description = "Where eval_results_strict.jsonl and eval_results_loose.jsonl are written.", Required = true };
        var command = new Command(name, description) { inputData, responses, outputDir };
        foreach (var option in extraOptions)
            command.Add(option);
        command.SetAction((parse, cancellationToken) =>
        {
            var evaluator = evaluatorFor(parse);
            var inputs = IfevalFiles.ReadInputs(parse.GetValue(inputData)!.FullName, cancellationToken);
            var answers = IfevalFiles.ReadResponses(parse.GetValue(responses)!.FullName, cancellationToken);
            var console = IfevalReport.Console(parse.InvocationConfiguration.Output);
            IfevalRunResult? run = null;
            console.Progress().Start(ctx =>
            {
                var task = ctx.AddTask(title, maxValue: inputs.Count);
                var progress = new Progress<int>(done => task.Value = done);
                run = IfevalRun.Evaluate(evaluator, inputs, answers, progress, cancellationToken);
                task.Value = inputs.Count;
            });
            var dir = parse.GetValue(outputDir)!;
            Directory.CreateDirectory(dir.FullName);
            string strictPath = Path.Combine(dir.FullName, "eval_results_strict.jsonl");
            string loosePath = Path.Combine(dir.FullName, "eval_results_loose.jsonl");
            IfevalFiles.WriteResults(strictPath, run!.Strict);
            IfevalFiles.WriteResults(loosePath, run.Loose);
            IfevalReport.Print(console, IfevalScores.Compute(run.Strict), IfevalScores.Compute(run.Loose), title);
            IfevalReport.PrintRaised(console, run.Raised);
            console.MarkupLine($"wrote [bold]{Markup.Escape(strictPath)}[/] and [bold]{Markup.Escape(loosePath)}[/]");
            return Task.FromResult(0);
        });
        return command;
    }
}
