using Raif.Rewards;

namespace Raif.Server.Hosting;

/// <summary>
/// How <c>raif serve</c> listens and what it accepts. Every limit answers with a 4xx and a message naming it when a
/// request goes past it.
/// </summary>
public sealed record ServerOptions
{
    /// <summary>IP address or <c>localhost</c> to bind. Anything but loopback requires <see cref="ApiKey"/>.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (see <see cref="RaifServer.Addresses"/>).</summary>
    public int Port { get; init; } = 8000;

    /// <summary>Bearer token every request but <c>GET /health</c> must carry; null = none (loopback only).</summary>
    public string? ApiKey { get; init; }

    /// <summary>Largest request body accepted (413 above).</summary>
    public long MaxRequestBytes { get; init; } = 32L << 20;

    /// <summary>Largest prompt, in tokens, per prompt (400 above; also capped by the model's context length).</summary>
    public int MaxPromptTokens { get; init; } = 16_384;

    /// <summary>Largest <c>max_tokens</c> a request may ask for (400 above); also the default when it asks for none.</summary>
    public int MaxNewTokens { get; init; } = 4096;

    /// <summary>Most sequences generated together in one batch.</summary>
    public int MaxBatchRows { get; init; } = 32;

    /// <summary>
    /// Token budget of a model's running batch: each sequence reserves its prompt plus its <c>max_tokens</c>, and a
    /// request joins only while the reservations fit (a request alone is always admitted). Continuous batching only.
    /// The default lets 32 default-budget (4,096-token) chats with short prompts run together.
    /// </summary>
    public long MaxBatchTokens { get; init; } = 131_072;

    /// <summary>How generation requests share the model (continuous batching, or the older per-round batches).</summary>
    public BatchingMode Batching { get; init; } = BatchingMode.Continuous;

    /// <summary>
    /// Continuous batching: shortest prompt prefix a joiner copies from a row already in the batch instead of
    /// computing it (0 turns prefix reuse off; identical prompts are still prefilled once).
    /// </summary>
    public int PrefixReuseMinTokens { get; init; } = 16;

    /// <summary>
    /// Continuous batching: requests that join a running batch have their prompts computed in its next decoding step
    /// (one forward pass for both, as vLLM's chunked prefill mixes prefill and decode tokens) instead of a prefill pass
    /// of their own that stops every running row. False restores the separate pass, for comparisons.
    /// </summary>
    public bool FoldPrefill { get; init; } = true;

    /// <summary>
    /// Folded prefill: most prompt tokens computed in one decoding step (or in the pass that starts an empty batch), so
    /// a burst of long prompts does not stall the running rows for one long step; joiners past it wait for the next
    /// steps in order (a prompt longer than this joins alone). 2,048, the default of vLLM's token budget per step for
    /// chunked prefill.
    /// </summary>
    public int MaxStepPrefillTokens { get; init; } = 2048;

    /// <summary>How long the scheduler waits for more requests to join a batch once one has arrived (on an idle model).</summary>
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Largest <c>n</c> (choices per prompt).</summary>
    public int MaxChoices { get; init; } = 16;

    /// <summary>Most prompts in one <c>/v1/completions</c> request.</summary>
    public int MaxPromptsPerRequest { get; init; } = 256;

    /// <summary>Largest <c>top_logprobs</c> / completions <c>logprobs</c>.</summary>
    public int MaxTopLogProbs { get; init; } = 20;

    /// <summary>Work items (requests) waiting for the model worker before new ones get 503.</summary>
    public int MaxQueuedRequests { get; init; } = 4096;

    /// <summary>Sequences per forward pass when scoring prompt log-probs (echo) and judging.</summary>
    public int ScoringBatchSize { get; init; } = 8;

    /// <summary>How the RAIF reward is computed for <c>POST /reward</c>.</summary>
    public RewardOptions Rewards { get; init; } = new();

    /// <summary>Time one rule-based reward sample may take; past it the sample gets an error entry.</summary>
    public TimeSpan RewardSampleTimeLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time the judge may take for all complex samples of one <c>/reward</c> request.</summary>
    public TimeSpan JudgeTimeLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Most samples in one <c>/reward</c> request.</summary>
    public int MaxRewardSamples { get; init; } = 65_536;

    /// <summary>
    /// The reward given to a sample that could not be scored (it also gets an entry in <c>errors</c> and
    /// <c>extra_logs.error</c> = 1). JSON has no NaN, and engines turn rewards into tensors; −3 is the RAIF floor.
    /// </summary>
    public double ErrorReward { get; init; } = -3.0;

    public void Validate()
    {
        if (Port is < 0 or > 65535)
            throw new ArgumentException($"port must be in 0..65535 (got {Port})");
        if (string.IsNullOrWhiteSpace(Host))
            throw new ArgumentException("host must not be empty");
        if (ApiKey is { } key && string.IsNullOrWhiteSpace(key))
            throw new ArgumentException("the API key must not be blank");
        Positive(MaxRequestBytes, "max request bytes");
        Positive(MaxPromptTokens, "max prompt tokens");
        Positive(MaxNewTokens, "max new tokens");
        Positive(MaxBatchRows, "max batch rows");
        Positive(MaxBatchTokens, "max batch tokens");
        if (MaxStepPrefillTokens < 1)
            throw new ArgumentException($"max step prefill tokens must be >= 1 (got {MaxStepPrefillTokens})");
        if (PrefixReuseMinTokens < 0)
            throw new ArgumentException($"prefix reuse min tokens must be >= 0 (got {PrefixReuseMinTokens})");
        Positive(MaxChoices, "max choices");
        Positive(MaxPromptsPerRequest, "max prompts per request");
        Positive(MaxQueuedRequests, "max queued requests");
        Positive(ScoringBatchSize, "scoring batch size");
        Positive(MaxRewardSamples, "max reward samples");
        if (MaxTopLogProbs < 0)
            throw new ArgumentException($"max top log-probs must be >= 0 (got {MaxTopLogProbs})");
        if (MaxChoices > MaxBatchRows)
            throw new ArgumentException($"max choices ({MaxChoices}) must not exceed the batch size ({MaxBatchRows}): the choices of a prompt are generated together");
        if (BatchWindow < TimeSpan.Zero)
            throw new ArgumentException("the batch window must not be negative");
        if (RewardSampleTimeLimit <= TimeSpan.Zero || JudgeTimeLimit <= TimeSpan.Zero)
            throw new ArgumentException("reward time limits must be positive");
        if (!double.IsFinite(ErrorReward))
            throw new ArgumentException($"the error reward must be a finite number (got {ErrorReward})");
    }

    private static void Positive(long value, string what)
    {
        if (value < 1)
            throw new ArgumentException($"{what} must be >= 1 (got {value})");
    }
}

/// <summary>How the model worker batches generation.</summary>
public enum BatchingMode
{
    /// <summary>Sequences join and leave the running batch at every decoding step.</summary>
    Continuous,

    /// <summary>
    /// Requests that arrive within the batch window are generated together until the last of them ends; later
    /// requests wait for the next round. Kept for before/after measurements (<c>raif bench serve</c>).
    /// </summary>
    Round,
}
