using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Raif.Modeling.Generation;
using Raif.Server.Hosting;

namespace Raif.Server.Inference;

/// <summary>
/// Round batching (<see cref="BatchingMode.Round"/>, the scheduler before continuous batching, kept for before/after
/// measurements): once a request arrives it waits <see cref="ServerOptions.BatchWindow"/> for others (up to
/// <see cref="ServerOptions.MaxBatchRows"/> rows), then runs the prompt scoring of all of them together, and the
/// generations in shared left-padded batches, one batch per model and sampling setting. Requests that arrive while
/// a batch runs wait for the next one. Work whose client went away is skipped, or its rows leave the running batch
/// at the next token.
/// </summary>
internal sealed class RoundScheduler(BlockingCollection<ModelWork> queue, ServerOptions options, ILogger logger, WorkerCounters counters, CancellationToken stopping)
{
    public void Run()
    {
        while (true)
        {
            ModelWork first;
            try
            {
                first = queue.Take(stopping);
            }
            catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
            {
                break;
            }
            var items = new List<ModelWork> { first };
            int rows = first.Rows;
            long deadline = Stopwatch.GetTimestamp() + (long)(options.BatchWindow.TotalSeconds * Stopwatch.Frequency);
            while (rows < options.MaxBatchRows)
            {
                long left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0 && queue.Count == 0)
                    break;
                int waitMs = (int)Math.Max(0, Math.Ceiling(left * 1000.0 / Stopwatch.Frequency));
                if (!queue.TryTake(out var more, waitMs))
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
                logger.LogError(e, "model worker round failed");
                foreach (var item in items)
                    item.Fail(e);
            }
        }
    }

    private void Execute(List<ModelWork> items)
    {
        var live = new List<ModelWork>(items.Count);
        foreach (var item in items)
        {
            if (item.Cancellation.IsCancellationRequested)
            {
                counters.Abandoned(item.Rows);
                item.Cancel();
            }
            else
                live.Add(item);
        }
        foreach (var group in live.OfType<ScoreWork>().GroupBy(w => w.Model))
            WorkRunner.RunScoring([.. group], options.ScoringBatchSize, stopping);
        foreach (var action in live.OfType<ActionWork>())
            WorkRunner.RunAction(action);
        foreach (var group in live.OfType<GenerateWork>().GroupBy(w => (w.Model, w.Key)))
        {
            var batch = new List<GenerateWork>();
            int batchRows = 0;
            foreach (var work in group)
            {
                if (batchRows + work.Rows > options.MaxBatchRows && batch.Count > 0)
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
        var generation = served.Model.DefaultGenerationOptions(works.Max(w => w.MaxTokens)) with
        {
            Sampling = key.Sampling,
            Seed = key.Seed,
            IgnoreEos = key.IgnoreEos,
            TopLogProbs = works.Max(w => w.TopLogProbs),
        };
        counters.Batch(prompts.Count);
        var observer = new BatchObserver(owners, () => counters.Abandoned(1));
        IReadOnlyList<GeneratedSequence> results;
        try
        {
            results = served.Model.Generate(prompts, generation, stopping, null, observer);
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
}
