namespace Raif.Modeling.Generation;

/// <summary>A token and its float32 log-probability under the model's raw distribution.</summary>
public readonly record struct TokenLogProb(int TokenId, float LogProb);

/// <summary>
/// Watches a generation call token by token, on the generating thread. It lets a caller stream tokens and end
/// single rows early (its own budget, a stop string it checks itself, a client that went away) while the other
/// rows of the batch go on. Keep it cheap: the batch waits for it.
/// </summary>
public interface IGenerationObserver
{
    /// <summary>
    /// Row <paramref name="row"/> (an index into the prompts) was given <paramref name="tokenId"/>.
    /// <paramref name="alternatives"/> are the most likely tokens at that step, best first
    /// (<see cref="GenerationOptions.TopLogProbs"/> of them; empty when that is 0). <paramref name="finished"/> is
    /// set when the row ends here anyway (an end/stop token or stop string). Return <c>null</c> to go on, or a
    /// finish reason to end the row after this token; the return value is ignored when the row ends anyway.
    /// </summary>
    FinishReason? OnToken(int row, int tokenId, float logProb, ReadOnlySpan<TokenLogProb> alternatives, FinishReason? finished);
}
