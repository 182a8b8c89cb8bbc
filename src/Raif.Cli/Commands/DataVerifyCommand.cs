using System.CommandLine;
using Microsoft.Extensions.AI;
using Raif.Cli.Commands.Eval;
using Raif.Core.Judging;
using Raif.Core.Templates;
using Raif.Data.Verification;
using Raif.Modeling.Judging;
using Raif.RemoteModels;
using Raif.Verifiers.IfEval;

namespace Raif.Cli.Commands;

/// <summary><c>raif data verify</c>: keep the expert pairs that pass their own checks and the quality checks (spec §3.4 steps 2–4; docs/data.md).</summary>
internal static class DataVerifyCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input", "-i") { Description = "Pairs (JSONL) from raif data respond.", Required = true };
        var output = new Option<FileInfo>("--out", "-o") { Description = "Kept pairs (JSONL); OUT.journal makes reruns resume, drops go to OUT-stem.drops.jsonl.", Required = true };
        var checks = new Option<string>("--checks")
        {
            Description = $"all, none, or a comma-separated list of: {string.Join(", ", VerifyChecks.All)}.",
            DefaultValueFactory = _ => "all",
        };
        var checklistJudge = new Option<string>("--checklist-judge")
        {
            Description = "How complex scoring questions are judged: 'logprob' as the RL reward does (needs prompt log-probs: vLLM, raif serve, a local --judge), or 'chat' by a generated YES/NO (any server).",
            DefaultValueFactory = _ => "logprob",
        };
        checklistJudge.AcceptOnlyFromAmong("logprob", "chat");
        var concurrency = new Option<int>("--concurrency") { Description = "Pairs checked at once (one judge request in flight each).", DefaultValueFactory = _ => 8 };
        var variant = new Option<string>("--ifeval-variant") { Description = "Checker semantics for ifeval constraints: 'official' or 'raif'.", DefaultValueFactory = _ => "official" };
        variant.AcceptOnlyFromAmong("official", "raif");
        var formatRetries = new Option<int>("--format-retries") { Description = "Times a judge reply that breaks its format is asked again before the pair is dropped.", DefaultValueFactory = _ => 1 };
        var onError = DataStageCli.OnError();
        var judge = new EvalJudgeCliOptions();
        var command = new Command("verify", "Drop pairs whose answer fails its own checks or a quality check (True/False/NA judge prompts).")
        {
            input, output, checks, checklistJudge, concurrency, variant, formatRetries, onError,
        };
        foreach (var option in new Option[] { judge.Folder, judge.Template, judge.Url, judge.Model, judge.ApiKey, judge.Timeout, judge.Retries, judge.Concurrency, judge.MaxTokens })
            command.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(concurrency) < 1)
                throw new CliUsageException("--concurrency must be at least 1");
            if (parse.GetValue(formatRetries) < 0)
                throw new CliUsageException("--format-retries must be >= 0");
            var selected = VerifyChecks.Parse(parse.GetValue(checks)!);
            var console = parse.InvocationConfiguration.Output;
            using var judgeChat = await judge.OpenChatAsync(parse, console, cancellationToken).ConfigureAwait(false);
            IJudge? scorer = parse.GetValue(checklistJudge) == "logprob" && judgeChat.Chat is not null
                ? await LogProbJudgeAsync(parse, judge, judgeChat, cancellationToken).ConfigureAwait(false)
                : null;
            var options = new VerifyOptions
            {
                InputPath = parse.GetValue(input)!.FullName,
                OutputPath = parse.GetValue(output)!.FullName,
                Checks = selected,
                Concurrency = parse.GetValue(concurrency),
                IfevalVariant = parse.GetValue(variant) == "raif" ? IfevalVariant.Raif : IfevalVariant.Official,
                JudgeMaxOutputTokens = judgeChat.Options.MaxOutputTokens,
                JudgeTemperature = judgeChat.Options.Temperature,
                FormatRetries = parse.GetValue(formatRetries),
                Retry = judgeChat.Options.Retry ?? RetryPolicy.Default,
                SkipBadLines = parse.GetValue(onError) == "skip",
            };
            return await DataStageCli.RunAsync(parse,
                () => VerifyStage.RunAsync(options, judgeChat.Chat, scorer, DataStageCli.Progress(console), cancellationToken)).ConfigureAwait(false);
        });
        return command;
    }

    // The reward's own judge (spec §6.5) on the same model: HttpJudge on the server, or the local model scored in process.
    private static async Task<IJudge> LogProbJudgeAsync(ParseResult parse, EvalJudgeCliOptions judge, JudgeChat judgeChat, CancellationToken cancellationToken)
    {
        string? templateName = parse.GetValue(judge.Template);
        if (judgeChat.Local is { } local)
            return new LocalModelJudge(local, template: templateName is null ? null : ChatTemplates.Get(templateName));
        var endpoint = new OpenAiEndpoint(parse.GetValue(judge.Url)!, parse.GetValue(judge.ApiKey) ?? Environment.GetEnvironmentVariable("RAIF_JUDGE_API_KEY"));
        var retry = judgeChat.Options.Retry ?? RetryPolicy.Default;
        string model = parse.GetValue(judge.Model)
            ?? judgeChat.Chat!.GetService<ChatClientMetadata>()?.DefaultModelId
            ?? await RemoteChatModel.FirstModelAsync(endpoint, retry, cancellationToken).ConfigureAwait(false);
        return new HttpJudge(endpoint, model, new HttpJudgeOptions
        {
            Template = ChatTemplates.Get(templateName ?? "qwen"),
            MaxConcurrency = judgeChat.Options.Concurrency,
            Retry = retry,
        });
    }
}
