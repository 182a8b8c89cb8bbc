using Raif.RemoteModels;

namespace Raif.Data.Models;

/// <summary>How a data stage calls its chat model.</summary>
/// <param name="MaxOutputTokens">Most tokens one reply may have.</param>
/// <param name="Temperature">Sampling temperature; 0 (greedy) makes a rerun give the same output.</param>
/// <param name="Retry">Timeouts and retries of one HTTP call (network errors, 429, 5xx).</param>
/// <param name="ReplyRetries">Re-asks after a reply that breaks the asked format, before the record is dropped.</param>
public sealed record ModelCallOptions(int MaxOutputTokens = 4096, float Temperature = 0f, RetryPolicy? Retry = null, int ReplyRetries = 2)
{
    internal void Validate()
    {
        if (MaxOutputTokens < 1)
            throw new ArgumentException($"max output tokens must be at least 1, found {MaxOutputTokens}");
        if (ReplyRetries < 0)
            throw new ArgumentException($"reply retries must be >= 0, found {ReplyRetries}");
    }
}
