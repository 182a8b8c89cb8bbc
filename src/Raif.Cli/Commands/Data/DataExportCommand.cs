using System.CommandLine;
using Raif.Core.Templates;
using Raif.Data.Export;
using Raif.Data.Pipeline;
using Raif.Data.Stages;
using Raif.RemoteModels;
using Raif.Rewards;
using Raif.Verifiers.IfEval;

namespace Raif.Cli.Commands.Data;

/// <summary><c>raif data export</c>: verified pairs → rl.jsonl, sft.jsonl, stats.json, report.md and plots (stage 6; docs/data.md).</summary>
internal static class DataExportCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input", "-i") { Description = "Verified pairs (JSONL; offline-evolved prompts without responses give RL records only).", Required = true };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Output folder: rl.jsonl, sft.jsonl, stats.json, report.md, *.png.", Required = true };
        var template = new Option<string>("--template") { Description = $"Chat template of the rendered prompts: {string.Join(", ", ChatTemplates.Names)}.", DefaultValueFactory = _ => "qwen" };
        template.AcceptOnlyFromAmong([.. ChatTemplates.Names]);
        var noTrigger = new Option<bool>("--no-cot-trigger") { Description = "Leave the CoT trigger out of the system turn (slow-thinking models, spec §5.1)." };
        var scoreModel = new Option<string?>("--no-cot-score-model") { Description = "Local model folder whose no-CoT answers give the reference score (spec §3.6)." };
        var scoreUrl = new Option<string?>("--no-cot-score-url") { Description = "OpenAI-compatible server whose no-CoT answers give the reference score, e.g. http://host:8000/v1." };
        var servedModel = new Option<string?>("--no-cot-score-served-model") { Description = "Model name on --no-cot-score-url (default: the first it lists)." };
        var apiKey = new Option<string?>("--no-cot-score-api-key") { Description = "API key of --no-cot-score-url (default: $RAIF_API_KEY)." };
        var maxTokens = new Option<int>("--no-cot-score-max-tokens") { Description = "Upper bound on each no-CoT reply's tokens.", DefaultValueFactory = _ => 2048 };
        var ifevalKey = new Option<string>("--ifeval-score-key") { Description = "Target key of the ifeval score (count of satisfied instructions).", DefaultValueFactory = _ => Superiority.IfevalScoreField };
        var complexKey = new Option<string>("--complex-score-key") { Description = "Target key of the complex score (count of YES verdicts).", DefaultValueFactory = _ => Superiority.ComplexScoreField };
        var variant = new Option<string>("--ifeval-variant") { Description = "Checker semantics of the score: 'official' or 'raif'.", DefaultValueFactory = _ => "official" };
        variant.AcceptOnlyFromAmong("official", "raif");
        var concurrency = new Option<int>("--concurrency") { Description = "No-CoT requests in flight.", DefaultValueFactory = _ => 4 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one request may take before it is retried.", DefaultValueFactory = _ => 600 };
        var retries = new Option<int>("--retries") { Description = "Retries of a failed request.", DefaultValueFactory = _ => 3 };
        var stagesDir = new Option<DirectoryInfo?>("--stages-dir") { Description = "Folder with the earlier stages' outputs and X.drops.jsonl for the report (default: the input's folder)." };
        var onError = new Option<string>("--on-error") { Description = "A bad input record: 'fail' names it and stops, 'skip' drops it with its reason.", DefaultValueFactory = _ => "fail" };
        onError.AcceptOnlyFromAmong("fail", "skip");
        var command = new Command("export", "Verified pairs → RL JSONL (with optional no-CoT reference score), SFT JSONL and a stats report (spec §3.6, §3.8, §4).")
        {
            input, output, template, noTrigger, scoreModel, scoreUrl, servedModel, apiKey, maxTokens, ifevalKey, complexKey, variant, concurrency, timeout, retries, stagesDir, onError,
        };
        var judgeOptions = new JudgeCliOptions();
        judgeOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(scoreModel) is not null && parse.GetValue(scoreUrl) is not null)
                throw new CliUsageException("--no-cot-score-model and --no-cot-score-url exclude each other");
            if (parse.GetValue(concurrency) < 1 || parse.GetValue(maxTokens) < 1)
                throw new CliUsageException("--concurrency and --no-cot-score-max-tokens must be at least 1");
            if (!(parse.GetValue(timeout) > 0))
                throw new CliUsageException("--timeout must be positive");
            var error = parse.InvocationConfiguration.Error;
            using var models = new CliModelProvider();
            NoCotScorer? scorer = null;
            string? modelName = null;
            if (parse.GetValue(scoreModel) is not null || parse.GetValue(scoreUrl) is not null)
            {
                var settings = new ModelSettings
                {
                    ModelDir = parse.GetValue(scoreModel),
                    Url = parse.GetValue(scoreUrl),
                    Model = parse.GetValue(servedModel),
                    ApiKey = parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("RAIF_API_KEY"),
                    Concurrency = parse.GetValue(concurrency),
                    MaxTokens = parse.GetValue(maxTokens),
                    Retry = new RetryPolicy(TimeSpan.FromSeconds(parse.GetValue(timeout)), parse.GetValue(retries)),
                };
                var chat = await models.ChatAsync(settings, cancellationToken).ConfigureAwait(false);
                var (judge, owned) = await judgeOptions.CreateAsync(parse, error, cancellationToken).ConfigureAwait(false);
                using var ownedJudge = owned;
                modelName = settings.Describe();
                scorer = new NoCotScorer(chat, judge, new NoCotScoreOptions
                {
                    IfevalKey = parse.GetValue(ifevalKey)!,
                    ComplexKey = parse.GetValue(complexKey)!,
                    IfevalVariant = parse.GetValue(variant) == "raif" ? IfevalVariant.Raif : IfevalVariant.Official,
                    MaxOutputTokens = settings.MaxTokens,
                    Retry = settings.Retry,
                });
                return await RunAsync(parse, scorer, modelName).ConfigureAwait(false);
            }
            if (judgeOptions.Given(parse))
                throw new CliUsageException("--judge/--judge-url score complex records' no-CoT answers: give --no-cot-score-model or --no-cot-score-url too");
            return await RunAsync(parse, null, null).ConfigureAwait(false);

            async Task<int> RunAsync(ParseResult p, NoCotScorer? s, string? name)
            {
                string inputPath = p.GetValue(input)!.FullName;
                var options = new ExportOptions
                {
                    Template = ChatTemplates.Get(p.GetValue(template)!),
                    CotTrigger = !p.GetValue(noTrigger),
                    NoCotScorer = s,
                    NoCotModelName = name,
                    Stages = p.GetValue(stagesDir) is { } dir ? StageCount.Discover(dir.FullName) : null,
                    Stage = new StageOptions { Concurrency = p.GetValue(concurrency), SkipBadLines = p.GetValue(onError) == "skip" },
                };
                var summary = await ExportStage.RunAsync(inputPath, p.GetValue(output)!.FullName, options, new StageProgressPrinter(error), cancellationToken).ConfigureAwait(false);
                var outWriter = p.InvocationConfiguration.Output;
                string resumed = summary.ResumedFromJournal > 0 ? $" ({summary.ResumedFromJournal} from an earlier run's journal)" : "";
                outWriter.WriteLine($"exported {summary.Records} RL records to {summary.RlPath}{resumed}, {summary.SftPairs} SFT pairs to {summary.SftPath}; {summary.Dropped} dropped");
                outWriter.WriteLine($"stats in {summary.StatsPath}, report in {summary.ReportPath} ({summary.Plots.Count} plots)");
                return 0;
            }
        });
        return command;
    }
}
