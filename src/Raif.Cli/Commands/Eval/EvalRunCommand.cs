using System.CommandLine;
using System.Globalization;
using Raif.Evaluation.Benchmarks;
using Raif.Evaluation.Run;
using Raif.RemoteModels;
using Spectre.Console;

namespace Raif.Cli.Commands.Eval;

/// <summary>
/// <c>raif eval run</c>: a model in the loop. Builds each benchmark's prompts, generates in the chosen prompting mode
/// (cached and resumable), judges where needed, scores, and writes a Table-1-style report.
/// </summary>
internal static class EvalRunCommand
{
    public static Command Create()
    {
        var benchmarks = new Option<string>("--benchmarks") { Description = $"Comma-separated benchmarks to run ({string.Join(", ", BenchmarkCatalog.Names)}).", Required = true };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Folder holding one sub-folder per benchmark in its upstream layout (default: $RAIF_DATA)." };
        var endpoint = new Option<string?>("--endpoint") { Description = "OpenAI-compatible server of the evaluated model (vLLM, raif serve), e.g. http://host:8000/v1." };
        var servedModel = new Option<string?>("--served-model") { Description = "Model name on --endpoint (default: the first it lists)." };
        var apiKey = new Option<string?>("--api-key") { Description = "API key of --endpoint (default: $RAIF_API_KEY)." };
        var mode = new Option<string>("--mode") { Description = "Prompting mode (spec §9.3): io plain, cot with the CoT trigger, sdc self-DeepClaude, nocot empty reasoning pre-filled.", DefaultValueFactory = _ => "io" };
        mode.AcceptOnlyFromAmong([.. PromptingModes.Names]);
        var output = new Option<DirectoryInfo>("--out") { Description = "Run folder: <bench>/responses.jsonl (resumable), scores, report.md/json/png.", Required = true };
        var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "Upper bound on each response's tokens.", DefaultValueFactory = _ => 4096 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight to the endpoint.", DefaultValueFactory = _ => 8 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one request may take before it is retried.", DefaultValueFactory = _ => 600 };
        var retries = new Option<int>("--retries") { Description = "Retries of a failed request (network errors, timeouts, 429, 5xx).", DefaultValueFactory = _ => 3 };
        var limit = new Option<int?>("--limit") { Description = "Only the first N items of each benchmark (a smoke run)." };
        var name = new Option<string?>("--name") { Description = "The model's name in reports (default: the served model)." };

        var command = new Command("run", "Evaluate a model on benchmarks: prompts, generation (cached, resumable), judging, scores and a Table-1-style report.")
        {
            benchmarks, data, endpoint, servedModel, apiKey, mode, output, maxNewTokens, concurrency, timeout, retries, limit, name,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = IfevalReport.Console(parse.InvocationConfiguration.Output);
            string dataRoot = parse.GetValue(data)?.FullName ?? Environment.GetEnvironmentVariable("RAIF_DATA")
                ?? throw new CliUsageException("--data: give the folder holding the benchmarks' data (or set RAIF_DATA)");
            var specs = parse.GetValue(benchmarks)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(n => BenchmarkCatalog.Create(n))
                .Select(b => new BenchmarkSpec(b, Path.Combine(dataRoot, b.Name)))
                .ToList();
            if (specs.Count == 0)
                throw new CliUsageException("--benchmarks: name at least one benchmark");
            foreach (var spec in specs.Where(s => !Directory.Exists(s.DataDir)))
                throw new CliUsageException($"--data: no folder {spec.DataDir} for {spec.Benchmark.Name}");
            if (parse.GetValue(concurrency) < 1 || parse.GetValue(maxNewTokens) < 1)
                throw new CliUsageException("--concurrency and --max-new-tokens must be at least 1");
            if (parse.GetValue(limit) is < 1)
                throw new CliUsageException("--limit must be at least 1");

            string url = parse.GetValue(endpoint) ?? throw new CliUsageException("give the evaluated model's server with --endpoint");
            var retry = new RetryPolicy(TimeSpan.FromSeconds(parse.GetValue(timeout)), parse.GetValue(retries));
            var server = new OpenAiEndpoint(url, parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("RAIF_API_KEY"));
            string model = parse.GetValue(servedModel) ?? await RemoteChatModel.FirstModelAsync(server, retry, cancellationToken).ConfigureAwait(false);
            var chat = RemoteChatModel.Create(server, model);
            var probe = await RemoteChatModel.ProbeAsync(chat, retry, cancellationToken).ConfigureAwait(false);
            await parse.InvocationConfiguration.Error.WriteLineAsync($"policy: {model} at {server.BaseUrl} answered a probe in {probe.Latency.TotalMilliseconds:0} ms").ConfigureAwait(false);

            var policy = new PolicyClient(chat, new PolicyOptions(parse.GetValue(maxNewTokens), parse.GetValue(concurrency), Retry: retry));
            var options = new EvalRunOptions(parse.GetValue(output)!.FullName, PromptingModes.Parse(parse.GetValue(mode)!), parse.GetValue(name) ?? model, parse.GetValue(limit));
            var gate = new object();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var progress = new SyncProgress<EvalRunProgress>(p =>
            {
                if (p.Done != p.Total && p.Done != 0 && p.Done % Math.Max(1, p.Total / 10) != 0)
                    return;
                lock (gate)
                    console.WriteLine(FormattableString.Invariant($"  [{p.Benchmark}] {p.Stage} {p.Done}/{p.Total} ({clock.Elapsed.TotalSeconds:F0} s)"));
            });
            var report = await new EvalRunner(policy).RunAsync(specs, options, progress, cancellationToken).ConfigureAwait(false);

            var table = new Table().Title($"{Markup.Escape(report.Policy)} ({report.Mode})").AddColumns("benchmark", "metric", "value", "items", "generated now");
            foreach (var b in report.Benchmarks)
                table.AddRow(b.Name, Markup.Escape(b.Result.HeadlineName), b.Result.Headline.ToString("F2", CultureInfo.InvariantCulture),
                    b.Items.ToString(CultureInfo.InvariantCulture), b.Generated.ToString(CultureInfo.InvariantCulture));
            table.AddRow("[bold]Avg[/]", "", report.Average.ToString("F2", CultureInfo.InvariantCulture), "", "");
            console.Write(table);
            console.MarkupLine($"wrote [bold]{Markup.Escape(Path.Combine(options.OutputDir, EvalRunReportWriter.MarkdownFile))}[/], report.json and report.png");
            return 0;
        });
        return command;
    }
}
