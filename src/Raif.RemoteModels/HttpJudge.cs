using System.Collections.Concurrent;
using Raif.Core.Judging;
using Raif.Core.Templates;

namespace Raif.RemoteModels;

/// <summary>How the HTTP judge renders, asks and waits.</summary>
public sealed record HttpJudgeOptions
{
    /// <summary>The judge model's chat layout (e.g. qwen for Qwen2.5-7B-Instruct on vLLM).</summary>
    public required ChatTemplate Template { get; init; }

    /// <summary>
    /// Tokens generated per request after the echoed prompt. vLLM refuses 0; <c>raif serve</c> accepts 0 and then
    /// skips generation. The generated tokens are never read.
    /// </summary>
    public int MaxTokens { get; init; } = 1;

    /// <summary>
    /// Keep only the last N prompt tokens (vLLM's <c>truncate_prompt_tokens</c>), the LEFT truncation the local judge
    /// applies at 4096; null sends nothing and lets the server refuse over-long prompts.
    /// </summary>
    public int? TruncatePromptTokens { get; init; } = 4096;

    /// <summary>Requests in flight at once.</summary>
    public int MaxConcurrency { get; init; } = 16;

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;
}

/// <summary>
/// <see cref="IJudge"/> over an OpenAI-compatible server that echoes prompt log-probs (vLLM, <c>raif serve</c>),
/// with the same semantics as the local judge (spec §6.5): each conversation is rendered once per continuation with
/// the configured template in continue-final-message mode and sent as prompt text; k = max(1, min over continuations
/// of their token counts), where a continuation's count is the server's tokenization of the continuation alone
/// (an echo request of just that text, cached per text); each score is the sum of the log-probs of the last k prompt
/// tokens. Every call has a timeout and transient failures are retried (Polly); a call that still fails throws,
/// which the reward turns into an error for the samples judged — never a made-up score.
/// </summary>
public sealed class HttpJudge : IJudge
{
    private readonly PromptLogProbClient _client;
    private readonly HttpJudgeOptions _options;
    private readonly ConcurrentDictionary<string, Task<int>> _tokenCounts = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _inFlight;

    public HttpJudge(OpenAiEndpoint endpoint, string model, HttpJudgeOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        if (options.MaxConcurrency < 1)
            throw new ArgumentException($"the judge's concurrency must be >= 1 (got {options.MaxConcurrency})");
        if (options.TruncatePromptTokens is < 2)
            throw new ArgumentException($"the judge's token limit must be at least 2 (got {options.TruncatePromptTokens})");
        _options = options;
        _client = new PromptLogProbClient(endpoint, model, options.Retry, options.MaxTokens, options.TruncatePromptTokens);
        _inFlight = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        Name = $"{model} at {endpoint.BaseUrl}";
    }

    public string Name { get; }

    public async Task<IReadOnlyList<JudgeScores>> ScoreAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellationToken = default)
    {
        for (int r = 0; r < requests.Count; r++)
        {
            if (requests[r].Continuations.Count == 0)
                throw new ArgumentException($"judge request {r} has no continuations");
        }
        var counts = await Task.WhenAll(requests.SelectMany(r => r.Continuations).Distinct(StringComparer.Ordinal)
            .Select(async c => (Text: c, Tokens: await CountAsync(c, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
        var tokensOf = counts.ToDictionary(c => c.Text, c => c.Tokens, StringComparer.Ordinal);
        var ks = requests.Select(r => Math.Max(1, r.Continuations.Min(c => tokensOf[c]))).ToArray();

        var scoring = new List<Task<double>>();
        for (int r = 0; r < requests.Count; r++)
        {
            foreach (var continuation in requests[r].Continuations)
            {
                var turns = requests[r].Conversation.Append(ChatTurn.Assistant(continuation)).ToList();
                string prompt = _options.Template.Render(turns, RenderEnding.ContinueFinalMessage);
                scoring.Add(ScoreTailAsync(prompt, ks[r], r, cancellationToken));
            }
        }
        var sums = await Task.WhenAll(scoring).ConfigureAwait(false);
        var results = new List<JudgeScores>(requests.Count);
        int at = 0;
        for (int r = 0; r < requests.Count; r++)
        {
            int n = requests[r].Continuations.Count;
            results.Add(new JudgeScores(sums[at..(at + n)], ks[r]));
            at += n;
        }
        return results;
    }

    private Task<int> CountAsync(string continuation, CancellationToken cancellationToken)
    {
        // Shared by every caller, so not tied to any caller's cancellation; a failed count is dropped from the cache.
        var task = _tokenCounts.GetOrAdd(continuation, c => Throttled(() => _client.CountTokensAsync(c, CancellationToken.None), CancellationToken.None));
        _ = task.ContinueWith(
            t => _tokenCounts.TryRemove(new KeyValuePair<string, Task<int>>(continuation, t)),
            CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion, TaskScheduler.Default);
        return task.WaitAsync(cancellationToken);
    }

    private async Task<double> ScoreTailAsync(string prompt, int k, int request, CancellationToken cancellationToken)
    {
        var scored = await Throttled(() => _client.ScoreAsync(prompt, cancellationToken), cancellationToken).ConfigureAwait(false);
        int length = scored.PromptTokens;
        int tail = Math.Min(k, length - 1);
        if (tail < 1)
            throw new InvalidDataException($"judge request {request}: the rendered sequence has fewer than 2 tokens");
        double sum = 0;
        for (int t = length - tail; t < length; t++)
        {
            sum += scored.TokenLogProbs[t]
                ?? throw new InvalidDataException($"judge request {request}: the server gave no log-prob for prompt token {t}");
        }
        return sum;
    }

    private async Task<T> Throttled<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await call().ConfigureAwait(false);
        }
        finally
        {
            _inFlight.Release();
        }
    }
}
