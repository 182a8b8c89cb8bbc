using System.CommandLine;
using Raif.Evaluation.InfoBench;
using Raif.Evaluation.Output;

namespace Raif.Cli.Commands.Eval;

/// <summary><c>raif eval infobench</c>: InfoBench's decomposed questions asked in one judge conversation per item; DRFR.</summary>
internal static class InfoBenchEvalCommand
{
    public static Command Create()
    {
        var options = new JudgedEvalOptions(
            "InfoBench folder holding infobench.jsonl (id, input, instruction, decomposed_questions, subset).",
            "Responses: upstream's model-output JSONL ({id, output, ...}) or JSONL {\"id\": ..., \"response\": ...}.",
            takesPromptFile: false);
        var command = new Command("infobench", "Score InfoBench: the judge answers each decomposed question YES/NO in one conversation per item; DRFR, DRFR_easy, DRFR_hard.");
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var items = InfoBenchData.ReadItems(options.DataDir(parse), cancellationToken);
            string? responsesPath = options.ResponsesPath(parse);
            var responses = responsesPath is null ? null : InfoBenchData.ReadResponses(responsesPath, cancellationToken);
            string outDir = options.OutputPath(parse);
            using var judge = await options.Judge.OpenAsync(parse, outDir, output, cancellationToken).ConfigureAwait(false);
            var evals = await InfoBenchScorer.ScoreAsync(items, responses, judge.Client,
                JudgedEvalOptions.ProgressLines(output, "infobench"), cancellationToken).ConfigureAwait(false);
            var scores = InfoBenchScores.Compute(evals);
            string report = scores.Markdown(evals.Count);
            EvalOutputFolder.Write(outDir, evals.Select(InfoBenchScores.ItemJson), scores.ToJson(), report);
            await output.WriteAsync(report).ConfigureAwait(false);
            await output.WriteLineAsync($"wrote {outDir}/{{items.jsonl,scores.json,report.md}}; {judge.Client.Calls} judge calls").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
