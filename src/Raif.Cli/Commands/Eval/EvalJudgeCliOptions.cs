using System.CommandLine;
using Microsoft.Extensions.AI;
using Raif.Core.Templates;
using Raif.Evaluation.Judging;
using Raif.Modeling;
using Raif.RemoteModels;

namespace Raif.Cli.Commands.Eval;

/// <summary>
/// The judge options of <c>raif eval BENCH</c> for judged benchmarks: raw replies from a file (<c>--judgments</c>),
/// a chat model behind an OpenAI-compatible server (<c>--judge-url</c>, e.g. vLLM serving Qwen2.5-72B-Instruct), or a
/// local model folder (<c>--judge</c>). Unlike <see cref="JudgeCliOptions"/> (log-prob scoring for rewards), these
/// judges generate text, which each benchmark parses with its own official parser.
/// </summary>
internal sealed class EvalJudgeCliOptions
{
    /// <summary>Where a judge run logs every reply as it arrives, inside the output folder.</summary>
    public const string JudgmentsFile = "judgments.jsonl";

    public Option<FileInfo?> Judgments { get; } = new("--judgments")
    {
        Description = "JSONL of raw judge replies ({id, question?, reply}); those items are not sent to a judge.",
    };

    public Option<string?> Folder { get; } = new("--judge") { Description = "Local judge model folder (HF layout), generating with its own chat template." };

    public Option<string?> Template { get; } = new("--judge-template")
    {
        Description = $"Chat template of the local judge when it is not detected ({string.Join(", ", ChatTemplates.Names)}).",
    };

    public Option<string?> Url { get; } = new("--judge-url") { Description = "OpenAI-compatible judge server (vLLM, raif serve), e.g. http://host:8000/v1." };

    public Option<string?> Model { get; } = new("--judge-model") { Description = "Model name on the judge server (default: the first it lists)." };

    public Option<string?> ApiKey { get; } = new("--judge-api-key") { Description = "API key of the judge server (default: $RAIF_JUDGE_API_KEY)." };

    public Option<double> Timeout { get; } = new("--judge-timeout") { Description = "Seconds one judge call may take before it is retried.", DefaultValueFactory = _ => 300 };

    public Option<int> Retries { get; } = new("--judge-retries") { Description = "Retries of a failed judge call (network errors, timeouts, 429, 5xx).", DefaultValueFactory = _ => 5 };

    public Option<int> Concurrency { get; } = new("--judge-concurrency") { Description = "Judge requests in flight at once.", DefaultValueFactory = _ => 16 };

    public Option<int> MaxTokens { get; } = new("--judge-max-tokens") { Description = "Most tokens one judge reply may have.", DefaultValueFactory = _ => 4096 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Judgments, Folder, Template, Url, Model, ApiKey, Timeout, Retries, Concurrency, MaxTokens })
            command.Add(option);
    }

    /// <summary>True when a judge model (local or remote) was given, not only a judgments file.</summary>
    public bool JudgeGiven(ParseResult parse) => parse.GetValue(Folder) is not null || parse.GetValue(Url) is not null;

    /// <summary>
    /// The judge for a run writing to <paramref name="outputDir"/>: its log is <c>OUT/judgments.jsonl</c> (replies of
    /// an interrupted earlier run are reused), extended in memory with <c>--judgments</c>; without a judge model, an
    /// item whose reply is in neither is an error naming it.
    /// </summary>
    public async Task<EvalJudge> OpenAsync(ParseResult parse, string outputDir, TextWriter status, CancellationToken cancellationToken)
    {
        var judge = await OpenChatAsync(parse, status, cancellationToken).ConfigureAwait(false);
        JudgmentLog? log = null;
        try
        {
            log = JudgmentLog.Open(Path.Combine(outputDir, JudgmentsFile));
            if (parse.GetValue(Judgments) is { } judgments
                && !string.Equals(judgments.FullName, log.Path, StringComparison.Ordinal))
            {
                if (!judgments.Exists)
                    throw new FileNotFoundException($"--judgments: {judgments.FullName} does not exist");
                log.Import(judgments.FullName);
            }
            return new EvalJudge(new JudgeClient(judge.Chat, log, judge.Options), judge);
        }
        catch
        {
            log?.Dispose();
            judge.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The judge model alone (no log): a local model or a probed server, with the call options; its chat is null when
    /// neither <c>--judge</c> nor <c>--judge-url</c> is given. <c>raif eval run</c> gives each benchmark its own log.
    /// </summary>
    public async Task<JudgeChat> OpenChatAsync(ParseResult parse, TextWriter status, CancellationToken cancellationToken)
    {
        if (parse.GetValue(Folder) is not null && parse.GetValue(Url) is not null)
            throw new CliUsageException("--judge and --judge-url exclude each other: give a local judge folder or a judge server");
        double seconds = parse.GetValue(Timeout);
        if (!(seconds > 0))
            throw new CliUsageException("--judge-timeout must be positive");
        int concurrency = parse.GetValue(Concurrency);
        if (concurrency < 1)
            throw new CliUsageException("--judge-concurrency must be at least 1");
        int maxTokens = parse.GetValue(MaxTokens);
        if (maxTokens < 1)
            throw new CliUsageException("--judge-max-tokens must be at least 1");
        int retries = parse.GetValue(Retries);
        if (retries < 0)
            throw new CliUsageException("--judge-retries must be >= 0");
        var retry = new RetryPolicy(TimeSpan.FromSeconds(seconds), retries);

        IChatClient? chat = null;
        LanguageModel? local = null;
        if (parse.GetValue(Folder) is { } folder)
        {
            local = LanguageModel.Load(folder);
            string? name = parse.GetValue(Template);
            chat = new LocalModelChatClient(local, local.RequireChatTemplate(name is null ? null : ChatTemplates.Get(name)));
            await status.WriteLineAsync($"judge: local model {local.Name}").ConfigureAwait(false);
        }
        else if (parse.GetValue(Url) is { } url)
        {
            var endpoint = new OpenAiEndpoint(url, parse.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable("RAIF_JUDGE_API_KEY"));
            string model = parse.GetValue(Model) ?? await RemoteChatModel.FirstModelAsync(endpoint, retry, cancellationToken).ConfigureAwait(false);
            chat = RemoteChatModel.Create(endpoint, model);
            var probe = await RemoteChatModel.ProbeAsync(chat, retry, cancellationToken).ConfigureAwait(false);
            await status.WriteLineAsync($"judge: {model} at {endpoint.BaseUrl} answered a probe in {probe.Latency.TotalMilliseconds:0} ms").ConfigureAwait(false);
        }

        return new JudgeChat(chat, local, new JudgeCallOptions(Concurrency: concurrency, MaxOutputTokens: maxTokens, Temperature: 0f, Retry: retry));
    }
}

/// <summary>A judge model opened from the command line (null when none was given), owning what it loaded.</summary>
internal sealed class JudgeChat(IChatClient? chat, LanguageModel? local, JudgeCallOptions options) : IDisposable
{
    public IChatClient? Chat => chat;

    /// <summary>The local judge model (<c>--judge</c>), for callers that score with it directly; null for a server.</summary>
    public LanguageModel? Local => local;

    public JudgeCallOptions Options => options;

    public void Dispose()
    {
        chat?.Dispose();
        local?.Dispose();
    }
}

/// <summary>A judge opened from the command line, owning what it loaded (the log file, the judge model).</summary>
internal sealed class EvalJudge(JudgeClient client, JudgeChat judge) : IDisposable
{
    public JudgeClient Client => client;

    public void Dispose()
    {
        client.Dispose();
        client.Log.Dispose();
        judge.Dispose();
    }
}
