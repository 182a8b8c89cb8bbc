using System.CommandLine;
using System.Globalization;
using Raif.Evaluation.CfBench;
using Raif.Evaluation.Output;

namespace Raif.Cli.Commands.Eval;

/// <summary><c>raif eval cfbench</c>: CFBench judged per item and scored as upstream's <c>code/evalaute.py</c> (CSR, ISR, PSR).</summary>
internal static class CfBenchEvalCommand
{
    public static Command Create()
    {
        var options = new JudgedEvalOptions(
            "CFBench folder holding cfbench_data.json (upstream layout).",
            "Responses: upstream's <model>_infer.json (data records with 'response') or JSONL {\"id\": idx, \"response\": ...}.",
            takesPromptFile: true);
        var command = new Command("cfbench", "Score CFBench: an LLM judge marks each criterion 0/1; CSR, ISR and PSR (primary/secondary priority rule) for easy, hard and full.");
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var items = CfBenchData.ReadItems(options.DataDir(parse));
            string? responsesPath = options.ResponsesPath(parse);
            var responses = responsesPath is null ? null : CfBenchData.ReadResponses(responsesPath, cancellationToken);
            var prompt = options.ReadJudgePrompt(parse) is { } text ? new CfBenchPrompt(text) : null;
            if (prompt is { IsUpstream: false })
                await output.WriteLineAsync($"warning: --judge-prompt differs from upstream's CFBench judge prompt (sha256 {CfBenchPrompt.UpstreamSha256})").ConfigureAwait(false);
            string outDir = options.OutputPath(parse);
            using var judge = await options.Judge.OpenAsync(parse, outDir, output, cancellationToken).ConfigureAwait(false);
            var run = await new CfBenchScorer(prompt).ScoreAsync(items, responses, judge.Client,
                JudgedEvalOptions.ProgressLines(output, "cfbench"), cancellationToken).ConfigureAwait(false);
            var scores = CfBenchScores.Compute(run.UpstreamOrder);
            EvalOutputFolder.Write(outDir, run.Items.Select(CfBenchReport.ItemJson), scores.ToJson(), CfBenchReport.Markdown(run, scores));
            await output.WriteAsync(CfBenchReport.Markdown(run, scores)).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"wrote {outDir}/{{items.jsonl,scores.json,report.md}}; {judge.Client.Calls} judge calls")).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
