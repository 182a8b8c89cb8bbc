using System.CommandLine;
using Raif.Evaluation.FbBench;
using Raif.Evaluation.Output;

namespace Raif.Cli.Commands.Eval;

/// <summary><c>raif eval fbbench</c>: FB-Bench's second turns judged against their checklists and averaged per task cell.</summary>
internal static class FbBenchEvalCommand
{
    public static Command Create()
    {
        var options = new JudgedEvalOptions(
            "FB-Bench folder holding fb_bench_dataset_v3.json.",
            "Responses JSONL: {dataset_index, second_response} (the data folder's layout), upstream's model_answer lines ({user_query, second_response}) or {\"id\": index, \"response\": ...}.",
            takesPromptFile: true);
        var command = new Command("fbbench", "Score FB-Bench: the judge checks each checkpoint (JSON reply); error_correction, response_maintenance, overall and the per-type tables.");
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var items = FbBenchData.ReadItems(options.DataDir(parse));
            string? responsesPath = options.ResponsesPath(parse);
            var responses = responsesPath is null ? null : FbBenchData.ReadResponses(responsesPath, items, cancellationToken);
            var prompt = options.ReadJudgePrompt(parse) is { } text ? new FbBenchPrompt(text) : null;
            if (prompt is { IsUpstream: false })
                await output.WriteLineAsync($"warning: --judge-prompt differs from upstream's FB-Bench prompt_template_zh (sha256 {FbBenchPrompt.UpstreamSha256})").ConfigureAwait(false);
            string outDir = options.OutputPath(parse);
            using var judge = await options.Judge.OpenAsync(parse, outDir, output, cancellationToken).ConfigureAwait(false);
            var results = await new FbBenchScorer(prompt).ScoreAsync(items, responses, judge.Client,
                JudgedEvalOptions.ProgressLines(output, "fbbench"), cancellationToken).ConfigureAwait(false);
            var scores = FbBenchScores.Compute(results);
            string report = scores.Markdown();
            EvalOutputFolder.Write(outDir, results.Select(FbBenchScores.ItemJson), scores.ToJson(), report);
            await output.WriteAsync(report).ConfigureAwait(false);
            await output.WriteLineAsync($"wrote {outDir}/{{items.jsonl,scores.json,report.md}}; {judge.Client.Calls} judge calls").ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
