using System.ClientModel;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Raif.RemoteModels;

/// <summary>Timeouts and retries for calls to a model server.</summary>
/// <param name="AttemptTimeout">Time one HTTP call may take before it is abandoned (and retried).</param>
/// <param name="MaxRetries">Retries after the first attempt, with exponential back-off and jitter.</param>
/// <param name="RetryDelay">The first back-off delay.</param>
public sealed record RetryPolicy(TimeSpan AttemptTimeout, int MaxRetries = 3, TimeSpan? RetryDelay = null)
{
    public static RetryPolicy Default { get; } = new(TimeSpan.FromSeconds(120));

    /// <summary>
    /// The Polly pipeline: each attempt under <see cref="AttemptTimeout"/>; network errors, timeouts, 408, 429 and 5xx
    /// are retried; other answers (400 for a bad request, 401, 404) fail at once, since repeating them cannot help.
    /// </summary>
    public ResiliencePipeline Build()
    {
        if (AttemptTimeout <= TimeSpan.Zero)
            throw new ArgumentException($"the attempt timeout must be positive (got {AttemptTimeout})");
        if (MaxRetries < 0)
            throw new ArgumentException($"retries must be >= 0 (got {MaxRetries})");
        var builder = new ResiliencePipelineBuilder();
        if (MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = MaxRetries,
                Delay = RetryDelay ?? TimeSpan.FromSeconds(1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            });
        }
        return builder.AddTimeout(AttemptTimeout).Build();
    }

    public static bool IsTransient(Exception e) => e switch
    {
        ClientResultException c => c.Status is 0 or 408 or 429 or >= 500,
        HttpRequestException or TimeoutRejectedException or IOException => true,
        _ => false,
    };
}
