using System.Threading.Channels;
using Raif.Modeling.Generation;
using Raif.Modeling.Scoring;

namespace Raif.Server.Inference;

/// <summary>
/// One request's work for the model worker. Everything that touches a model's tensors runs on the worker's single
/// thread: TorchSharp modules are not safe for concurrent forward passes.
/// </summary>
internal abstract class ModelWork(ServedModel model, CancellationToken cancellation)
{
    public ServedModel Model { get; } = model;

    /// <summary>Fires when the client went away; the worker then skips or ends this work.</summary>
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>Sequences this work adds to a generation batch (0 for other work).</summary>
    public virtual int Rows => 0;

    public abstract void Fail(Exception error);

    public void Cancel() => Fail(new OperationCanceledException(Cancellation));
}

/// <summary>Prompt log-probs (echo): every token of each sequence after the first, with the top alternatives.</summary>
internal sealed class ScoreWork(ServedModel model, IReadOnlyList<int[]> sequences, int topK, CancellationToken cancellation)
    : ModelWork(model, cancellation)
{
    public IReadOnlyList<int[]> Sequences { get; } = sequences;

    public int TopK { get; } = topK;

    public TaskCompletionSource<IReadOnlyList<ScoredContinuation>> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Fail(Exception error) => Result.TrySetException(error);
}

/// <summary>Any other model call (e.g. a local judge), run on the worker thread.</summary>
internal sealed class ActionWork(ServedModel model, Func<object?> action, CancellationToken cancellation) : ModelWork(model, cancellation)
{
    public Func<object?> Action { get; } = action;

    public TaskCompletionSource<object?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Fail(Exception error) => Result.TrySetException(error);
}

/// <summary>The sampling settings a generation batch shares; requests with equal keys may be batched together.</summary>
/// <param name="Group">Unique per request for seeded sampling, so a seed reproduces the same output whatever else is queued.</param>
internal readonly record struct SamplingKey(SamplingOptions Sampling, bool IgnoreEos, ulong? Seed, long Group);

/// <summary>What the worker tells a generation's reader: a token of a row, or (TokenId −1) that the row ended.</summary>
internal readonly record struct GenerationEvent(int Row, int TokenId, float LogProb, TokenLogProb[]? Alternatives, FinishReason? Finished);

/// <summary>
/// Generation for one request: one row per choice (prompt × n). Tokens stream to <see cref="Events"/> as they are
/// made; the reader asks a row to stop (a stop string it found) with <see cref="RequestStop"/>.
/// </summary>
internal sealed class GenerateWork : ModelWork
{
    private readonly int[] _stopRequested;

    public GenerateWork(
        ServedModel model,
        IReadOnlyList<int[]> rows,
        SamplingKey key,
        int maxTokens,
        int topLogProbs,
        IReadOnlySet<int> stopTokenIds,
        CancellationToken cancellation)
        : base(model, cancellation)
    {
        RowPrompts = rows;
        Key = key;
        MaxTokens = maxTokens;
        TopLogProbs = topLogProbs;
        StopTokenIds = stopTokenIds;
        _stopRequested = new int[rows.Count];
        _rowsLeft = rows.Count;
    }

    private int _rowsLeft;

    public IReadOnlyList<int[]> RowPrompts { get; }

    public override int Rows => RowPrompts.Count;

    public SamplingKey Key { get; }

    public int MaxTokens { get; }

    public int TopLogProbs { get; }

    public IReadOnlySet<int> StopTokenIds { get; }

    public Channel<GenerationEvent> Events { get; } =
        Channel.CreateUnbounded<GenerationEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    public void RequestStop(int row) => Volatile.Write(ref _stopRequested[row], 1);

    public bool StopRequested(int row) => Volatile.Read(ref _stopRequested[row]) == 1;

    /// <summary>One of its rows left a continuous batch (worker thread only); true when it was the last.</summary>
    public bool RowEnded() => --_rowsLeft == 0;

    public override void Fail(Exception error) => Events.Writer.TryComplete(error);
}
