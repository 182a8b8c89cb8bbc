using Raif.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Training.Learning;

/// <summary>
/// Right-padded token ids [B, T], their attention mask, and the loss mask aligned with
/// <c>CausalLM.TokenLogProbs</c>'s output [B, T-1] (entry t predicts token t+1; it counts when token t+1 is at or
/// after the sequence's loss start).
/// </summary>
public sealed class PaddedBatch
{
    private PaddedBatch(Tensor ids, Tensor attention, Tensor lossMask, int tokens)
    {
        Ids = ids;
        Attention = attention;
        LossMask = lossMask;
        LossTokens = tokens;
    }

    public Tensor Ids { get; }

    public Tensor Attention { get; }

    public Tensor LossMask { get; }

    /// <summary>Number of tokens the loss covers.</summary>
    public int LossTokens { get; }

    public static PaddedBatch Create(IReadOnlyList<TokenizedSequence> sequences, int padId, Device device)
    {
        int b = sequences.Count;
        int t = sequences.Max(s => s.Ids.Length);
        var ids = new long[b * t];
        var attention = new long[b * t];
        var loss = new float[b * (t - 1)];
        int tokens = 0;
        for (int i = 0; i < b; i++)
        {
            var s = sequences[i];
            for (int j = 0; j < t; j++)
            {
                ids[i * t + j] = j < s.Ids.Length ? s.Ids[j] : padId;
                attention[i * t + j] = j < s.Ids.Length ? 1 : 0;
            }
            for (int j = 0; j + 1 < s.Ids.Length; j++)
            {
                if (j + 1 >= s.LossStart)
                {
                    loss[i * (t - 1) + j] = 1f;
                    tokens++;
                }
            }
        }
        return new PaddedBatch(
            tensor(ids, [b, t], device: device),
            tensor(attention, [b, t], device: device),
            tensor(loss, [b, t - 1], device: device),
            tokens);
    }
}
