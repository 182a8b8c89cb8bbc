using System.CommandLine;
using Raif.Evaluation.Benchmarks.Cello;
using Raif.Evaluation.Output;

namespace Raif.Cli.Commands.Eval;

/// <summary><c>raif eval cello</c>: CELLO's rule scores of one model's answers, as upstream's score.py computes them.</summary>
internal static class EvalCelloCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "CELLO folder (its data/ with the 13 task files, or that data/ folder itself).", Required = true };
        var responses = new Option<FileSystemInfo>("--responses")
        {
            Description = "A folder of upstream res_<task>.json files, or Raif JSONL {\"id\": Instruction_id, \"response\": ...}.",
            Required = true,
        };
        var outputDir = new Option<DirectoryInfo>("--output-dir") { Description = "Where items.jsonl, scores.json and report.md are written.", Required = true };
        var command = new Command("cello", "Score CELLO answers (format, input-dependent, task-prescribed, count-limit) by upstream's rules.")
        {
            data, responses, outputDir,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var samples = CelloEvaluation.ReadData(parse.GetValue(data)!.FullName);
            string responsePath = parse.GetValue(responses)!.FullName;
            var rows = Directory.Exists(responsePath)
                ? CelloEvaluation.ReadResultFolder(responsePath)
                : File.Exists(responsePath)
                    ? CelloEvaluation.FromUniformResponses(responsePath, samples)
                    : throw new FileNotFoundException($"--responses: no such file or folder: {responsePath}", responsePath);
            var (items, scores) = CelloEvaluation.Evaluate(samples, rows, cancellationToken);
            string report = CelloEvaluation.Report(scores, items.Count);
            string outDir = parse.GetValue(outputDir)!.FullName;
            EvalOutputFolder.Write(outDir, items.Select(CelloEvaluation.ItemJson), CelloEvaluation.ScoresJson(scores), report);
            parse.InvocationConfiguration.Output.WriteLine(report);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {Path.Combine(outDir, EvalOutputFolder.ScoresFile)}");
            return Task.FromResult(0);
        });
        return command;
    }
}
