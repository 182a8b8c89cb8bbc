using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Generation;

/// <summary>transformers' logits processors and warpers on float32 scores [B, V].</summary>
internal static class LogitsWarpers
{
    /// <summary>RepetitionPenaltyLogitsProcessor: seen tokens' scores divided (positive) or multiplied (negative) by the penalty.</summary>
    public static Tensor RepetitionPenalty(Tensor scores, Tensor seen, double penalty)
    {
        var penalised = where(scores.lt(0), scores * penalty, scores / penalty);
        return where(seen, penalised, scores);
    }

    /// <summary>TopKLogitsWarper: everything below the k-th largest score becomes -inf.</summary>
    public static Tensor TopK(Tensor scores, int k)
    {
        int kk = (int)Math.Min(k, scores.shape[^1]);
        var kth = scores.topk(kk).values.narrow(-1, kk - 1, 1);
        return scores.masked_fill(scores.lt(kth), float.NegativeInfinity);
    }

    /// <summary>
    /// TopPLogitsWarper: sort ascending, drop the tokens whose cumulative probability is at most 1 - p, always
    /// keeping the most likely token.
    /// </summary>
    public static Tensor TopP(Tensor scores, double p)
    {
        var (sorted, indices) = scores.sort(-1, descending: false);
        var cumulative = sorted.softmax(-1).cumsum(-1);
        var remove = cumulative.le(1 - p);
        long v = scores.shape[^1];
        remove.narrow(-1, v - 1, 1).fill_(false);
        var removeOriginal = remove.scatter(-1, indices, remove);
        return scores.masked_fill(removeOriginal, float.NegativeInfinity);
    }
}
