using static TorchSharp.torch;

namespace Raif.Modeling.Generation;

/// <summary>
/// One sequence of a <see cref="ContinuousBatch"/>: its prompt, how its tokens are chosen, and where they go. It
/// decides its own end (budget, stop strings, a client that went away) through the callbacks, which run on the
/// batch's thread between steps: keep them cheap, the whole batch waits for them.
/// </summary>
public abstract class BatchSequence
{
    /// <param name="prompt">Token ids, at least one.</param>
    /// <param name="sampling">How its next token is chosen (greedy, or sampling with transformers' warpers).</param>
    /// <param name="endTokenIds">Ids that end it with <see cref="FinishReason.Stop"/> (end-of-sequence ids unless ignored, stop ids).</param>
    /// <param name="topLogProbs">Most likely alternatives to report with each token (0 = none).</param>
    /// <param name="generator">
    /// The sampling generator; sequences given the same one draw together, in the order they joined, so a seeded
    /// request reproduces its output whatever else is in the batch. Null = the batch's own (unseeded) generator.
    /// </param>
    protected BatchSequence(int[] prompt, SamplingOptions sampling, IReadOnlySet<int> endTokenIds, int topLogProbs = 0, Generator? generator = null)
    {
        if (prompt.Length == 0)
            throw new ArgumentException("a sequence needs at least one prompt token", nameof(prompt));
        ArgumentOutOfRangeException.ThrowIfNegative(topLogProbs);
        sampling.Validate();
        Prompt = prompt;
        Sampling = sampling;
        EndTokenIds = endTokenIds;
        TopLogProbs = topLogProbs;
        Generator = generator;
    }

    public int[] Prompt { get; }

    public SamplingOptions Sampling { get; }

    public IReadOnlySet<int> EndTokenIds { get; }

    public int TopLogProbs { get; }

    public Generator? Generator { get; }

    /// <summary>True once nobody wants the sequence any more: it leaves the batch before the next step.</summary>
    public virtual bool Cancelled => false;

    /// <summary>
    /// The sequence was given <paramref name="tokenId"/>. <paramref name="finished"/> is set when it ends here anyway
    /// (one of its end tokens). Return null to go on, or a reason to end it after this token; the return value is
    /// ignored when it ends anyway.
    /// </summary>
    public abstract FinishReason? OnToken(int tokenId, float logProb, ReadOnlySpan<TokenLogProb> alternatives, FinishReason? finished);

    /// <summary>It left the batch: finished for <paramref name="reason"/>, or cancelled (null).</summary>
    public abstract void OnEnd(FinishReason? reason);
}
