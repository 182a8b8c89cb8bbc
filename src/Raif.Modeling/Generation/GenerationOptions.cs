namespace Raif.Modeling.Generation;

/// <summary>
/// How the next token is chosen, with transformers' semantics: greedy takes the argmax; sampling applies the
/// repetition penalty, then temperature, then top-k, then top-p (in that order), and draws from the softmax.
/// <see cref="TopK"/> = 0 and <see cref="TopP"/> = 1 disable those filters.
/// </summary>
public sealed record SamplingOptions(bool DoSample = false, double Temperature = 1.0, double TopP = 1.0, int TopK = 0, double RepetitionPenalty = 1.0)
{
    public static readonly SamplingOptions Greedy = new();

    /// <summary>Plain sampling from the model's distribution (temperature 1, no filters), as RAIF rollouts do.</summary>
    public static readonly SamplingOptions Unfiltered = new(DoSample: true);

    public void Validate()
    {
        if (DoSample && !(Temperature > 0))
            throw new ArgumentException($"temperature must be > 0 when sampling (got {Temperature}); use greedy decoding instead");
        if (!(TopP > 0 && TopP <= 1))
            throw new ArgumentException($"top-p must be in (0, 1] (got {TopP})");
        if (TopK < 0)
            throw new ArgumentException($"top-k must be >= 0 (got {TopK})");
        if (!(RepetitionPenalty > 0))
            throw new ArgumentException($"repetition penalty must be > 0 (got {RepetitionPenalty})");
    }
}

/// <summary>Options for one generation call.</summary>
public sealed record GenerationOptions
{
    public int MaxNewTokens { get; init; } = 256;

    public SamplingOptions Sampling { get; init; } = SamplingOptions.Greedy;

    /// <summary>Seed of the sampling generator; null draws a fresh one. A seed makes sampling reproducible.</summary>
    public ulong? Seed { get; init; }

    /// <summary>End-of-sequence ids (normally from generation_config.json); ignored with <see cref="IgnoreEos"/>.</summary>
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];

    /// <summary>Further ids that end a sequence, even with <see cref="IgnoreEos"/>.</summary>
    public IReadOnlyList<int> StopTokenIds { get; init; } = [];

    /// <summary>
    /// Strings that end a sequence once the generated text contains one (the token completing it is kept and the
    /// text includes the string, as transformers' StopStringCriteria does). Needs a tokenizer.
    /// </summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    public bool IgnoreEos { get; init; }

    /// <summary>Id written in padding positions and after a sequence ends; null = tokenizer pad, else first eos, else 0.</summary>
    public int? PadTokenId { get; init; }

    /// <summary>Reuse keys/values across steps (default). Without the cache every step recomputes the whole sequence.</summary>
    public bool UseCache { get; init; } = true;

    /// <summary>
    /// With the cache, prefill each distinct prompt once and copy its keys/values to every row that repeats it (GRPO
    /// samples each prompt several times). The tokens are the same either way; turning it off only serves to measure it.
    /// </summary>
    public bool ReuseRepeatedPrompts { get; init; } = true;

    /// <summary>
    /// How many most-likely alternatives (with their raw log-probs) to record at each step, as OpenAI's
    /// <c>top_logprobs</c> reports them; 0 records none.
    /// </summary>
    public int TopLogProbs { get; init; }

    public void Validate()
    {
        if (MaxNewTokens < 0)
            throw new ArgumentException($"max new tokens must be >= 0 (got {MaxNewTokens})");
        if (TopLogProbs < 0)
            throw new ArgumentException($"top log-probs must be >= 0 (got {TopLogProbs})");
        Sampling.Validate();
    }
}

/// <summary>Why a sequence ended: an end/stop token or stop string ("stop"), or the token budget ("length").</summary>
public enum FinishReason
{
    Stop,
    Length,
}

/// <summary>
/// One generated continuation: the new token ids, the float32 log-probability of each under the model's raw
/// distribution (log_softmax of the unprocessed logits, i.e. before repetition penalty, temperature and top-k/p,
/// which is the policy probability PPO ratios need), and why it ended.
/// </summary>
public sealed record GeneratedSequence(int[] TokenIds, float[] LogProbs, FinishReason FinishReason)
{
    /// <summary>Per generated token, the most likely alternatives best first (<see cref="GenerationOptions.TopLogProbs"/> > 0), else null.</summary>
    public TokenLogProb[][]? TopLogProbs { get; init; }
}

/// <summary>
/// Progress of a generation call: decoding steps done and sequences finished so far, and how many prompt positions
/// (padding included) the prefill ran through the model; repeated prompts are prefilled once.
/// </summary>
public readonly record struct GenerationProgress(int Step, int Finished, int Total, long PrefilledTokens = 0);
