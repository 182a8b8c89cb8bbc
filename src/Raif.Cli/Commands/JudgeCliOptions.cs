using System.CommandLine;
using Raif.Core.Judging;
using Raif.Core.Templates;
using Raif.Modeling;
using Raif.Modeling.Judging;
using Raif.RemoteModels;

namespace Raif.Cli.Commands;

/// <summary>
/// The judge options of <c>raif reward score</c> and <c>raif serve</c>: a local model folder (<c>--judge</c>) or an
/// OpenAI-compatible server that echoes prompt log-probs (<c>--judge-url</c>, e.g. vLLM serving Qwen2.5-7B-Instruct).
/// </summary>
internal sealed class JudgeCliOptions
{
    public Option<string?> Folder { get; } = new("--judge") { Description = "Judge model folder (HF layout), scored locally with its own chat template." };

    public Option<string?> Url { get; } = new("--judge-url") { Description = "OpenAI-compatible judge server (vLLM, raif serve), e.g. http://host:8000/v1." };

    public Option<string?> Model { get; } = new("--judge-model") { Description = "Model name on the judge server (default: the first it lists)." };

    public Option<string> Template { get; } = new("--judge-template")
    {
        Description = $"Chat template the HTTP judge renders with ({string.Join(", ", ChatTemplates.Names)}); qwen for Qwen2.5-7B-Instruct.",
        DefaultValueFactory = _ => "qwen",
    };

    public Option<string?> ApiKey { get; } = new("--judge-api-key") { Description = "API key of the judge server (default: $RAIF_JUDGE_API_KEY)." };

    public Option<double> Timeout { get; } = new("--judge-timeout") { Description = "Seconds one judge HTTP call may take before it is retried.", DefaultValueFactory = _ => 120 };

    public Option<int> Retries { get; } = new("--judge-retries") { Description = "Retries of a failed judge call (network errors, timeouts, 429, 5xx).", DefaultValueFactory = _ => 3 };

    public Option<int> Concurrency { get; } = new("--judge-concurrency") { Description = "Judge HTTP requests in flight at once.", DefaultValueFactory = _ => 16 };

    public Option<int> MaxTokens { get; } = new("--judge-max-tokens") { Description = "Tokens the judge server generates after the echo (vLLM needs 1; raif serve accepts 0).", DefaultValueFactory = _ => 1 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Folder, Url, Model, Template, ApiKey, Timeout, Retries, Concurrency, MaxTokens })
            command.Add(option);
    }

    public bool Given(ParseResult parse) => parse.GetValue(Folder) is not null || parse.GetValue(Url) is not null;

    /// <summary>The local judge model, loaded; null when <c>--judge</c> is not given.</summary>
    public LanguageModel? LoadLocal(ParseResult parse)
    {
        Check(parse);
        return parse.GetValue(Folder) is { } folder ? LanguageModel.Load(folder) : null;
    }

    /// <summary>
    /// The HTTP judge, after a one-token chat probe through IChatClient (an unreachable server, a wrong key or an
    /// unknown model fail here, before any scoring); null when <c>--judge-url</c> is not given.
    /// </summary>
    public async Task<HttpJudge?> CreateRemoteAsync(ParseResult parse, TextWriter status, CancellationToken cancellationToken)
    {
        Check(parse);
        if (parse.GetValue(Url) is not { } url)
            return null;
        double seconds = parse.GetValue(Timeout);
        if (!(seconds > 0))
            throw new CliUsageException("--judge-timeout must be positive");
        var endpoint = new OpenAiEndpoint(url, parse.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable("RAIF_JUDGE_API_KEY"));
        var retry = new RetryPolicy(TimeSpan.FromSeconds(seconds), parse.GetValue(Retries));
        string model = parse.GetValue(Model) ?? await RemoteChatModel.FirstModelAsync(endpoint, retry, cancellationToken).ConfigureAwait(false);
        var probe = await RemoteChatModel.ProbeAsync(RemoteChatModel.Create(endpoint, model), retry, cancellationToken).ConfigureAwait(false);
        await status.WriteLineAsync($"judge: {model} at {endpoint.BaseUrl} answered a probe in {probe.Latency.TotalMilliseconds:0} ms").ConfigureAwait(false);
        return new HttpJudge(endpoint, model, new HttpJudgeOptions
        {
            Template = ChatTemplates.Get(parse.GetValue(Template)!),
            MaxConcurrency = parse.GetValue(Concurrency),
            MaxTokens = parse.GetValue(MaxTokens),
            Retry = retry,
        });
    }

    /// <summary>For <c>raif reward score</c>: whichever judge was asked for, and the model to dispose afterwards.</summary>
    public async Task<(IJudge? Judge, LanguageModel? Owned)> CreateAsync(ParseResult parse, TextWriter status, CancellationToken cancellationToken)
    {
        if (LoadLocal(parse) is { } local)
            return (new LocalModelJudge(local), local);
        return (await CreateRemoteAsync(parse, status, cancellationToken).ConfigureAwait(false), null);
    }

    private void Check(ParseResult parse)
    {
        if (parse.GetValue(Folder) is not null && parse.GetValue(Url) is not null)
            throw new CliUsageException("--judge and --judge-url exclude each other: give a local judge folder or a judge server");
    }
}
