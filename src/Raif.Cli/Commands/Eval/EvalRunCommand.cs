using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.AI;
using Raif.Core.Templates;
using Raif.Modeling;
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
        var modelFolder = new Option<string?>("--model") { Description = "Local model folder (HF layout) to evaluate, generating in this process; or use --endpoint." };
        var template = new Option<string?>("--template") { Description = "Chat template of --model when it is not detected." };
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
        var limit = new Option<int?>("--limit")
        {
            Description = "Only the first N items of each benchmark, in data order (a smoke run; FollowBench's Table 1 number needs every constraint type, so a small N leaves it n/a).",
        };
        var name = new Option<string?>("--name") { Description = "The model's name in reports (default: the served model)." };

        var command = new Command("run",
            "Evaluate a model on benchmarks: prompts, generation (cached, resumable), judging, scores and a Table-1-style report. " +
            "The paper's Table 1: the policy behind vLLM (--endpoint), the judge Qwen2.5-72B-Instruct behind vLLM (--judge-url, --judge-model); " +
            "cfbench, complexbench, fbbench, followbench and infobench need the judge, cfbench and fbbench their judge prompt as judge_prompt.txt in their data folder, " +
            "complexbench upstream's data_final.json. " +
            "Interrupted? Rerun the same command: nothing already answered is asked again. Data layout and examples: docs/evaluation.md.")
        {
            benchmarks, data, modelFolder, template, endpoint, servedModel, apiKey, mode, output, maxNewTokens, concurrency, timeout, retries, limit, name,
        };
        var judgeOptions = new EvalJudgeCliOptions();
        judgeOptions.AddTo(command);
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

            if (parse.GetValue(judgeOptions.Judgments) is not null)
                throw new CliUsageException("--judgments is for raif eval BENCH; raif eval run keeps each benchmark's replies in OUT/<bench>/judgments.jsonl");
            if ((parse.GetValue(modelFolder) is null) == (parse.GetValue(endpoint) is null))
                throw new CliUsageException("give the evaluated model as either --model DIR or --endpoint URL");
            var retry = new RetryPolicy(TimeSpan.FromSeconds(parse.GetValue(timeout)), parse.GetValue(retries));
            using var local = parse.GetValue(modelFolder) is { } folder ? LanguageModel.Load(folder) : null;
            string model;
            IChatClient chat;
            if (local is not null)
            {
                string? templateName = parse.GetValue(template);
                chat = new LocalModelChatClient(local, local.RequireChatTemplate(templateName is null ? null : ChatTemplates.Get(templateName)));
                model = local.Name;
                await parse.InvocationConfiguration.Error.WriteLineAsync($"policy: local model {model}").ConfigureAwait(false);
            }
            else
            {
                var server = new OpenAiEndpoint(parse.GetValue(endpoint)!, parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("RAIF_API_KEY"));
                model = parse.GetValue(servedModel) ?? await RemoteChatModel.FirstModelAsync(server, retry, cancellationToken).ConfigureAwait(false);
                chat = RemoteChatModel.Create(server, model);
                var probe = await RemoteChatModel.ProbeAsync(chat, retry, cancellationToken).ConfigureAwait(false);
                await parse.InvocationConfiguration.Error.WriteLineAsync($"policy: {model} at {server.BaseUrl} answered a probe in {probe.Latency.TotalMilliseconds:0} ms").ConfigureAwait(false);
            }
            using var policyChat = chat;
            using var judge = await judgeOptions.OpenChatAsync(parse, parse.InvocationConfiguration.Error, cancellationToken).ConfigureAwait(false);
            foreach (var spec in specs.Where(s => s.Benchmark.NeedsJudge && judge.Chat is null))
                await parse.InvocationConfiguration.Error.WriteLineAsync($"note: {spec.Benchmark.Name} needs a judge (--judge-url or --judge); without one, only replies already in its judgments.jsonl can be used").ConfigureAwait(false);

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
            var report = await new EvalRunner(policy, judge.Chat, judge.Options).RunAsync(specs, options, progress, cancellationToken).ConfigureAwait(false);

            var table = new Table().Title($"{Markup.Escape(report.Policy)} ({report.Mode})").AddColumns("benchmark", "metric", "value", "items", "generated now");
            foreach (var b in report.Benchmarks)
                table.AddRow(b.Name, Markup.Escape(b.Result.HeadlineName), EvalRunReportWriter.Format(b.Result.Headline),
                    b.Items.ToString(CultureInfo.InvariantCulture), b.Generated.ToString(CultureInfo.InvariantCulture));
            table.AddRow("[bold]Avg[/]", "", EvalRunReportWriter.Format(report.Average), "", "");
            console.Write(table);
            console.MarkupLine($"wrote [bold]{Markup.Escape(Path.Combine(options.OutputDir, EvalRunReportWriter.MarkdownFile))}[/], report.json and report.png");
            return 0;
        });
        return command;
    }
}
