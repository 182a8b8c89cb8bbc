using Raif.Modeling.Generation;
using static TorchSharp.torch;

namespace Raif.Server.Inference;

/// <summary>
/// One row (choice) of a <see cref="GenerateWork"/> in a continuous batch: streams its tokens to the request and
/// ends at its own budget, stop token, stop string (asked for by the reader) or disconnect.
/// </summary>
internal sealed class WorkRow(GenerateWork work, int row, IReadOnlySet<int> endTokenIds, Generator? generator, Action<WorkRow, bool> ended)
    : BatchSequence(work.RowPrompts[row], work.Key.Sampling, endTokenIds, work.TopLogProbs, generator)
{
    private int _count;
    private bool _abandoned;

    public GenerateWork Work { get; } = work;

    /// <summary>Tokens it reserves in the batch's budget: prompt plus budget.</summary>
    public long ReservedTokens => Prompt.Length + (long)Work.MaxTokens;

    public override bool Cancelled => Work.Cancellation.IsCancellationRequested;

    public override FinishReason? OnToken(int tokenId, float logProb, ReadOnlySpan<TokenLogProb> alternatives, FinishReason? finished)
    {
        TokenLogProb[]? mine = Work.TopLogProbs > 0 ? alternatives[..Math.Min(Work.TopLogProbs, alternatives.Length)].ToArray() : null;
        Work.Events.Writer.TryWrite(new GenerationEvent(row, tokenId, logProb, mine, null));
        _count++;
        if (finished is not null)
            return null;
        if (Work.Cancellation.IsCancellationRequested)
        {
            _abandoned = true;
            return FinishReason.Length;
        }
        if (_count >= Work.MaxTokens)
            return FinishReason.Length;
        if (Work.StopRequested(row) || Work.StopTokenIds.Contains(tokenId))
            return FinishReason.Stop;
        return null;
    }

    public override void OnEnd(FinishReason? reason)
    {
        if (reason is { } r && !_abandoned)
            Work.Events.Writer.TryWrite(new GenerationEvent(row, -1, 0, null, r));
        ended(this, _abandoned || reason is null);
    }
}
