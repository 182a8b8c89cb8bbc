using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Raif.Modeling.Generation;
using Raif.Modeling.Scoring;
using Raif.Server.Hosting;

namespace Raif.Server.Inference;

/// <summary>
/// The one thread that runs every model call (TorchSharp is not safe for concurrent forward passes on a model).
/// A small scheduler: once a request arrives it waits <see cref="ServerOptions.BatchWindow"/> for others (up to
/// <see cref="ServerOptions.MaxBatchRows"/> rows), then runs the prompt scoring of all of them together, and the
/// generations in shared left-padded batches, one batch per model and sampling setting. Requests that arrive
/// while a batch runs wait for the next one (no continuous batching). Work whose client went away is skipped, or its
/// rows leave the running batch at the next token.
/// </summary>
internal sealed class ModelWorker : IDisposable
{
    private readonly BlockingCollection<ModelWork> _queue;
    private readonly ServerOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Thread _thread;

    public ModelWorker(ServerOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _queue = new BlockingCollection<ModelWork>(new ConcurrentQueue<ModelWork>(), options.MaxQueuedRequests);
        _thread = new Thread(Run) { IsBackground = true, Name = "raif model worker" };
        _thread.Start();
    }

    /// <summary>Batches run so far (for tests and logs).</summary>
    public long GenerationBatches => Interlocked.Read(ref _generationBatches);

    /// <summary>The largest generation batch so far, in rows.</summary>
    public int LargestBatch => Volatile.Read(ref _largestBatch);

    /// <summary>Generated rows ended early because their client went away (or work skipped before it started).</summary>
    public long AbandonedRows => Interlocked.Read(ref _abandonedRows);

    private long _generationBatches;
    private int _largestBatch;
    private long _abandonedRows;

    /// <summary>Queues work; 503 when the queue is full or the server is stopping.</summary>
    public void Submit(ModelWork work)
    {
        bool added;
        try
        {
            added = _queue.TryAdd(work);
        }
        catch (InvalidOperationException)
        {
            throw new ApiException(503, "the server is shutting down");
        }
        if (!added)
            throw new ApiException(503, $"server busy: {_options.MaxQueuedRequests} requests are already waiting for the model; retry later");
    }

    private void Run()
    {
        while (true)
        {
            ModelWork first;
            try
            {
                first = _queue.Take(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
            {
                break;
            }
            var items = new List<ModelWork> { first };
            int rows = first.Rows;
            long deadline = Stopwatch.GetTimestamp() + (long)(_options.BatchWindow.TotalSeconds * Stopwatch.Frequency);
            while (rows < _options.MaxBatchRows)
            {
                long left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0 && _queue.Count == 0)
                    break;
                int waitMs = (int)Math.Max(0, Math.Ceiling(left * 1000.0 / Stopwatch.Frequency));
                if (!_queue.TryTake(out var more, waitMs))
                    break;
                items.Add(more);
                rows += more.Rows;
            }
            try
            {
                Execute(items);
            }
            catch (Exception e)
            {
                // A bug must not kill the worker (every later request would hang): fail this round's work and go on.
                _logger.LogError(e, "model worker round failed");
                foreach (var item in items)
                    item.Fail(e);
            }
        }
        while (_queue.TryTake(out var left))
            left.Fail(new ApiException(503, "the server is shutting down"));
    }

    private void Execute(List<ModelWork> items)
    {
        var live = new List<ModelWork>(items.Count);
        foreach (var item in items)
        {
            if (item.Cancellation.IsCancellationRequested)
            {
                Interlocked.Add(ref _abandonedRows, item.Rows);
                item.Cancel();
            }
            else
                live.Add(item);
        }
        foreach (var group in live.OfType<ScoreWork>().GroupBy(w => w.Model))
            RunScoring([.. group]);
        foreach (var action in live.OfType<ActionWork>())
            RunAction(action);
        foreach (var group in live.OfType<GenerateWork>().GroupBy(w => (w.Model, w.Key)))
        {
            var batch = new List<GenerateWork>();
            int batchRows = 0;
            foreach (var work in group)
            {
                if (batchRows + work.Rows > _options.MaxBatchRows && batch.Count > 0)
                {
                    RunGeneration(batch);
                    batch = [];
                    batchRows = 0;
                }
                batch.Add(work);
                batchRows += work.Rows;
            }
            if (batch.Count > 0)
                RunGeneration(batch);
        }
    }

    private void RunScoring(IReadOnlyList<ScoreWork> works)
    {
        var model = works[0].Model.Model;
        var pairs = new List<ScoringPair>();
        foreach (var work in works)
        {
            foreach (var sequence in work.Sequences)
                pairs.Add(new ScoringPair(sequence[..1], sequence[1..]));
        }
        int topK = works.Max(w => w.TopK);
        IReadOnlyList<ScoredContinuation> scored;
        try
        {
            scored = topK > 0
                ? model.ScoreContinuationsWithAlternatives(pairs, topK, _options.ScoringBatchSize, _stopping.Token)
                : [.. model.ScoreContinuations(pairs, _options.ScoringBatchSize, _stopping.Token).Select(p => new ScoredContinuation(p, []))];
        }
        catch (Exception e)
        {
            foreach (var work in works)
                work.Fail(e);
            return;
        }
        int at = 0;
        foreach (var work in works)
        {
            var mine = new ScoredContinuation[work.Sequences.Count];
            for (int i = 0; i < mine.Length; i++, at++)
            {
                var s = scored[at];
                mine[i] = s with { Alternatives = work.TopK >= topK ? s.Alternatives : [.. s.Alternatives.Select(a => a[..Math.Min(work.TopK, a.Length)])] };
            }
            work.Result.TrySetResult(mine);
        }
    }

    private static void RunAction(ActionWork work)
    {
        try
        {
            work.Result.TrySetResult(work.Action());
        }
        catch (Exception e)
        {
            work.Fail(e);
        }
    }

    private void RunGeneration(IReadOnlyList<GenerateWork> works)
    {
        var served = works[0].Model;
        var key = works[0].Key;
        var prompts = new List<int[]>();
        var owners = new List<(GenerateWork Work, int Row)>();
        foreach (var work in works)
        {
            for (int r = 0; r < work.Rows; r++)
            {
                prompts.Add(work.RowPrompts[r]);
                owners.Add((work, r));
            }
        }
        var options = served.Model.DefaultGenerationOptions(works.Max(w => w.MaxTokens)) with
        {
            Sampling = key.Sampling,
            Seed = key.Seed,
            IgnoreEos = key.IgnoreEos,
            TopLogProbs = works.Max(w => w.TopLogProbs),
        };
        Interlocked.Increment(ref _generationBatches);
        if (prompts.Count > _largestBatch)
            Volatile.Write(ref _largestBatch, prompts.Count);
        var observer = new BatchObserver(owners, () => Interlocked.Increment(ref _abandonedRows));
        IReadOnlyList<GeneratedSequence> results;
        try
        {
            results = served.Model.Generate(prompts, options, _stopping.Token, null, observer);
        }
        catch (Exception e)
        {
            foreach (var work in works)
                work.Fail(e);
            return;
        }
        for (int b = 0; b < owners.Count; b++)
        {
            var (work, row) = owners[b];
            work.Events.Writer.TryWrite(new GenerationEvent(row, -1, 0, null, observer.Ended[b] ?? results[b].FinishReason));
        }
        foreach (var work in works)
            work.Events.Writer.TryComplete();
    }

    /// <summary>Streams each token to its request and ends rows at their own budget, stop request or disconnect.</summary>
    private sealed class BatchObserver(List<(GenerateWork Work, int Row)> owners, Action abandoned) : IGenerationObserver
    {
        private readonly int[] _counts = new int[owners.Count];

        public FinishReason?[] Ended { get; } = new FinishReason?[owners.Count];

        public FinishReason? OnToken(int row, int tokenId, float logProb, ReadOnlySpan<TokenLogProb> alternatives, FinishReason? finished)
        {
            var (work, r) = owners[row];
            TokenLogProb[]? mine = work.TopLogProbs > 0 ? alternatives[..Math.Min(work.TopLogProbs, alternatives.Length)].ToArray() : null;
            work.Events.Writer.TryWrite(new GenerationEvent(r, tokenId, logProb, mine, null));
            int count = ++_counts[row];
            if (finished is not null)
                return null;
            FinishReason? end = null;
            if (work.Cancellation.IsCancellationRequested)
            {
                abandoned();
                end = FinishReason.Length;
            }
            else if (count >= work.MaxTokens)
                end = FinishReason.Length;
            else if (work.StopRequested(r) || work.StopTokenIds.Contains(tokenId))
                end = FinishReason.Stop;
            Ended[row] = end;
            return end;
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _queue.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(30));
        _queue.Dispose();
        _stopping.Dispose();
    }
}
