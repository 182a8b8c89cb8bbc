using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Raif.Evaluation.CfBench;
using Raif.Evaluation.FbBench;
using Raif.Evaluation.InfoBench;
using Raif.Evaluation.Judging;

namespace Raif.Cli.Commands.Eval;

/// <summary>
/// <c>raif bench eval</c>: how long scoring a judged benchmark's response file takes when every judge reply is already
/// known (no judge calls): reading the data, responses and replies, parsing every reply and computing the scores.
/// </summary>
internal static class EvalBenchCommand
{
    public static Command Create()
    {
        var bench = new Option<string>("--bench") { Description = "cfbench, infobench or fbbench.", Required = true };
        bench.AcceptOnlyFromAmong("cfbench", "infobench", "fbbench");
        var data = new Option<DirectoryInfo>("--data") { Description = "The benchmark's data folder.", Required = true };
        var responses = new Option<FileInfo>("--responses") { Description = "The response file to score.", Required = true };
        var judgments = new Option<FileInfo?>("--judgments")
        {
            Description = "Judge replies for those responses; without it, well-formed replies are made up (every criterion met, every question YES, every checkpoint 是).",
        };
        var repeat = new Option<int>("--repeat") { Description = "Timed warm runs; the median is reported.", DefaultValueFactory = _ => 5 };
        var command = new Command("eval", "Time scoring a judged benchmark's response file from known judge replies (no judge calls), cold and warm.")
        {
            bench, data, responses, judgments, repeat,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            int runs = parse.GetValue(repeat);
            if (runs < 1)
                throw new CliUsageException("--repeat must be at least 1");
            string name = parse.GetValue(bench)!;
            string dataDir = parse.GetValue(data)!.FullName;
            string responsesPath = parse.GetValue(responses)!.FullName;
            string? judgmentsPath = parse.GetValue(judgments)?.FullName;
            var output = parse.InvocationConfiguration.Output;

            var cold = Stopwatch.StartNew();
            string summary = await RunOnceAsync(name, dataDir, responsesPath, judgmentsPath, cancellationToken).ConfigureAwait(false);
            double coldSeconds = cold.Elapsed.TotalSeconds;
            var seconds = new List<double>();
            for (int r = 0; r < runs; r++)
            {
                var watch = Stopwatch.StartNew();
                await RunOnceAsync(name, dataDir, responsesPath, judgmentsPath, cancellationToken).ConfigureAwait(false);
                seconds.Add(watch.Elapsed.TotalSeconds);
            }
            seconds.Sort();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {summary}; cold (incl. JIT) {coldSeconds:F3} s; warm median {seconds[seconds.Count / 2]:F3} s over {runs} runs ({string.Join(" ", seconds.Select(s => s.ToString("F3", CultureInfo.InvariantCulture)))}); {Environment.ProcessorCount} cores visible")).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task<string> RunOnceAsync(string bench, string dataDir, string responsesPath, string? judgmentsPath, CancellationToken cancellationToken)
    {
        using var log = JudgmentLog.InMemory();
        if (judgmentsPath is not null)
            log.Import(judgmentsPath);
        using var client = new JudgeClient(null, log);
        switch (bench)
        {
            case "cfbench":
            {
                var items = CfBenchData.ReadItems(dataDir);
                var responses = CfBenchData.ReadResponses(responsesPath, cancellationToken);
                if (judgmentsPath is null)
                {
                    foreach (var item in items.Where(i => responses.TryGet(i.Id, out _)))
                        log.Append(new JudgeReply(item.Id, null, string.Join("\n\n", item.Criteria.Select(c => c.Text + "\t1"))));
                }
                var run = await new CfBenchScorer(null).ScoreAsync(items, responses, client, null, cancellationToken).ConfigureAwait(false);
                var s = CfBenchScores.Compute(run.UpstreamOrder);
                return string.Create(CultureInfo.InvariantCulture, $"{run.Items.Count} items, full CSR {s.Full.Csr:F4} ISR {s.Full.Isr:F4} PSR {s.Full.Psr:F4}");
            }
            case "infobench":
            {
                var items = InfoBenchData.ReadItems(dataDir, cancellationToken);
                var responses = InfoBenchData.ReadResponses(responsesPath, cancellationToken);
                if (judgmentsPath is null)
                {
                    foreach (var item in items.Where(i => responses.TryGet(i.Id, out _)))
                    {
                        for (int q = 0; q < item.Questions.Count; q++)
                            log.Append(new JudgeReply(item.Id, q, "YES"));
                    }
                }
                var evals = await InfoBenchScorer.ScoreAsync(items, responses, client, null, cancellationToken).ConfigureAwait(false);
                var s = InfoBenchScores.Compute(evals);
                return string.Create(CultureInfo.InvariantCulture, $"{evals.Count} items, {s.Verdicts} verdicts, DRFR {s.Drfr:F4}");
            }
            default:
            {
                var items = FbBenchData.ReadItems(dataDir);
                var responses = FbBenchData.ReadResponses(responsesPath, items, cancellationToken);
                if (judgmentsPath is null)
                {
                    foreach (var item in items.Where(i => responses.TryGet(i.Id, out _)))
                    {
                        var skeleton = FbBenchPrompt.AnswerSkeleton(item);
                        foreach (var (_, value) in skeleton)
                        {
                            var judge = (OrderedDictionary<string, object?>)value!;
                            judge[FbBenchJudgement.Reason] = "r";
                            judge[FbBenchJudgement.Result] = FbBenchJudgement.Yes;
                        }
                        log.Append(new JudgeReply(item.Id, null, Raif.Evaluation.Python.PyRepr.JsonDumps(skeleton)));
                    }
                }
                var results = await new FbBenchScorer(null).ScoreAsync(items, responses, client, null, cancellationToken).ConfigureAwait(false);
                var s = FbBenchScores.Compute(results);
                return string.Create(CultureInfo.InvariantCulture, $"{s.Judged} items judged, overall {s.Headline.Overall:F2}");
            }
        }
    }
}
