using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Raif.Modeling.Generation;
using Raif.Server.Hosting;
using static TorchSharp.torch;

namespace Raif.Server.Inference;

/// <summary>
/// Continuous batching (<see cref="BatchingMode.Continuous"/>): each model has one running
/// <see cref="ContinuousBatch"/>; between decoding steps, queued requests join it in arrival order while their rows
/// fit <see cref="ServerOptions.MaxBatchRows"/> and their reserved tokens (prompt + max_tokens per row) fit
/// <see cref="ServerOptions.MaxBatchTokens"/>; their prompts are computed in the running rows' next decoding step
/// (<see cref="ServerOptions.FoldPrefill"/>), so a join does not stop the batch for a pass of its own. The head of the queue is never overtaken (strict FIFO, so no request
/// starves; a request too large for the budget runs once its model's batch is empty). Rows leave at their own
/// stop token, stop string or budget, and a dropped client's rows leave at the next step. Prompt scoring and
/// other model calls run between steps, in their turn.
/// </summary>
internal sealed class ContinuousScheduler(BlockingCollection<ModelWork> queue, ServerOptions options, ILogger logger, WorkerCounters counters, CancellationToken stopping)
    : IDisposable
{
    private readonly Queue<ModelWork> _pending = new();
    private readonly Dictionary<ServedModel, ModelBatch> _batches = [];

    public void Run()
    {
        while (!stopping.IsCancellationRequested)
        {
            // Joiners left over by the step budget count as work: their batch may have emptied meanwhile.
            if (_pending.Count == 0 && !_batches.Values.Any(b => b.Batch.Count > 0 || b.Joiners.Count > 0) && !WaitForWork())
                break;
            while (queue.TryTake(out var more))
                _pending.Enqueue(more);
            Admit();
            foreach (var b in _batches.Values)
            {
                // Joiners of a running batch ride in its next step (folded prefill); an empty batch has no step to join.
                if (b.Joiners.Count > 0 && (b.Batch.Count == 0 || !options.FoldPrefill))
                    Join(b);
            }
            foreach (var b in _batches.Values)
            {
                if (b.Batch.Count > 0)
                    Step(b);
            }
        }
        var shutdown = new ApiException(503, "the server is shutting down");
        foreach (var b in _batches.Values)
            Fail(b, shutdown);
        while (_pending.TryDequeue(out var left))
            left.Fail(shutdown);
    }

    /// <summary>
    /// On an idle worker: waits for a request, then up to the batch window for more to share its prefill. False
    /// when the worker is stopping.
    /// </summary>
    private bool WaitForWork()
    {
        ModelWork first;
        try
        {
            first = queue.Take(stopping);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            return false;
        }
        _pending.Enqueue(first);
        int rows = first.Rows;
        long deadline = Stopwatch.GetTimestamp() + (long)(options.BatchWindow.TotalSeconds * Stopwatch.Frequency);
        while (rows < options.MaxBatchRows)
        {
            long left = deadline - Stopwatch.GetTimestamp();
            if (left <= 0)
                break;
            int waitMs = (int)Math.Ceiling(left * 1000.0 / Stopwatch.Frequency);
            if (!queue.TryTake(out var more, waitMs))
                break;
            _pending.Enqueue(more);
            rows += more.Rows;
        }
        return true;
    }

    /// <summary>Takes work from the head of the queue while it fits; runs non-generation work on the way.</summary>
    private void Admit()
    {
        while (_pending.TryPeek(out var head))
        {
            if (head.Cancellation.IsCancellationRequested)
            {
                _pending.Dequeue();
                counters.Abandoned(head.Rows);
                head.Cancel();
                continue;
            }
            switch (head)
            {
                case ScoreWork:
                    var scoring = new List<ScoreWork>();
                    while (_pending.TryPeek(out var next) && next is ScoreWork s && !s.Cancellation.IsCancellationRequested)
                        scoring.Add((ScoreWork)_pending.Dequeue());
                    foreach (var group in scoring.GroupBy(w => w.Model))
                        WorkRunner.RunScoring([.. group], options.ScoringBatchSize, stopping);
                    continue;
                case ActionWork action:
                    _pending.Dequeue();
                    WorkRunner.RunAction(action);
                    continue;
            }
            var work = (GenerateWork)head;
            var batch = BatchFor(work.Model);
            long need = work.RowPrompts.Sum(p => p.Length + (long)work.MaxTokens);
            if (batch.Rows > 0 && (batch.Rows + work.Rows > options.MaxBatchRows || batch.Reserved + need > options.MaxBatchTokens))
                break;
            _pending.Dequeue();
            if (work.MaxTokens == 0)
            {
                for (int r = 0; r < work.Rows; r++)
                    work.Events.Writer.TryWrite(new GenerationEvent(r, -1, 0, null, FinishReason.Length));
                work.Events.Writer.TryComplete();
                continue;
            }
            batch.Admit(work, RowEnded);
            batch.Reserved += need;
        }
    }

    private ModelBatch BatchFor(ServedModel model)
    {
        if (!_batches.TryGetValue(model, out var batch))
            _batches[model] = batch = new ModelBatch(model, options.PrefixReuseMinTokens);
        return batch;
    }

    /// <summary>
    /// A prefill pass of its own for waiting joiners: all of them with separate prefill; with folded prefill (a join
    /// into an empty batch) those within <see cref="ServerOptions.MaxStepPrefillTokens"/>, and the rest fold into the
    /// next steps. Bounded like a step, a burst of long prompts is not one long pass of padded rows during which
    /// nothing decodes, and its activations stay within the memory the steps already use (memory touched for the
    /// first time costs page faults: 279 ms for a pass of 32 joiners, 4,110 prompt tokens, on the serve bench against
    /// 55-73 ms once touched, 2026-12-04).
    /// </summary>
    private void Join(ModelBatch batch)
    {
        int take = options.FoldPrefill ? JoinersWithin(batch.Joiners, options.MaxStepPrefillTokens) : batch.Joiners.Count;
        var joiners = batch.Joiners.GetRange(0, take);
        batch.Joiners.RemoveRange(0, take);
        long prompt = batch.Batch.PromptTokens, computed = batch.Batch.PrefillTokens;
        long started = Stopwatch.GetTimestamp();
        try
        {
            batch.Batch.Add(joiners);
        }
        catch (Exception e)
        {
            logger.LogError(e, "prefill on {Model} failed", batch.Model.Id);
            Fail(batch, e);
            return;
        }
        counters.Prefill(batch.Batch.PromptTokens - prompt, batch.Batch.PrefillTokens - computed, Stopwatch.GetTimestamp() - started);
        counters.Batch(batch.Batch.Count);
    }

    /// <summary>
    /// A decoding step, with the batch's waiting joiners (folded prefill) up to
    /// <see cref="ServerOptions.MaxStepPrefillTokens"/>: the rest join at the next steps, in order.
    /// </summary>
    private void Step(ModelBatch batch)
    {
        int take = JoinersWithin(batch.Joiners, options.MaxStepPrefillTokens);
        var joiners = batch.Joiners.GetRange(0, take);
        batch.Joiners.RemoveRange(0, take);
        try
        {
            long prompt = batch.Batch.PromptTokens, computed = batch.Batch.PrefillTokens;
            long started = Stopwatch.GetTimestamp();
            batch.Batch.Step(joiners);
            counters.Step(Stopwatch.GetTimestamp() - started);
            if (joiners.Count > 0)
            {
                counters.Prefill(batch.Batch.PromptTokens - prompt, batch.Batch.PrefillTokens - computed, 0);
                counters.Batch(batch.Batch.Count);
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "decoding step on {Model} failed", batch.Model.Id);
            Fail(batch, e);
        }
    }

    /// <summary>
    /// How many of <paramref name="joiners"/>, from the first, fit <paramref name="budget"/> prompt tokens (at least
    /// one, so a long prompt still joins, alone). Identical prompts of one request count once: they are computed once.
    /// </summary>
    internal static int JoinersWithin(IReadOnlyList<BatchSequence> joiners, long budget)
    {
        if (joiners.Count <= 1)
            return joiners.Count; // most steps: nothing to weigh, no set to allocate
        long tokens = 0;
        int count = 0;
        var counted = new HashSet<int[]>(ReferenceEqualityComparer.Instance);
        foreach (var j in joiners)
        {
            long cost = counted.Contains(j.Prompt) ? 0 : j.Prompt.Length;
            if (count > 0 && tokens + cost > budget)
                break;
            counted.Add(j.Prompt);
            tokens += cost;
            count++;
        }
        return count;
    }

    private void RowEnded(WorkRow row, bool abandoned)
    {
        var batch = _batches[row.Work.Model];
        batch.Reserved -= row.ReservedTokens;
        if (abandoned)
            counters.Abandoned(1);
        if (row.Work.RowEnded())
        {
            row.Work.Events.Writer.TryComplete();
            batch.Release(row.Work);
        }
    }

    /// <summary>Fails every request with rows in the batch (running or joining) and empties it.</summary>
    private static void Fail(ModelBatch batch, Exception error)
    {
        batch.Batch.Clear();
        batch.Joiners.Clear();
        foreach (var work in batch.Works.ToList())
        {
            work.Fail(error);
            batch.Release(work);
        }
        batch.Reserved = 0;
    }

    public void Dispose()
    {
        foreach (var b in _batches.Values)
            b.Dispose();
    }

    /// <summary>A model's running batch and what the scheduler tracks about it.</summary>
    private sealed class ModelBatch(ServedModel model, int prefixReuseMinTokens) : IDisposable
    {
        private readonly Dictionary<GenerateWork, Generator?> _works = [];
        private readonly HashSet<int> _eos = [.. model.Model.DefaultGenerationOptions().EosTokenIds];

        public ServedModel Model { get; } = model;

        public ContinuousBatch Batch { get; } = new(model.Model.Module, minSharedPrefix: prefixReuseMinTokens);

        /// <summary>Rows admitted since the last step, prefilled together before it.</summary>
        public List<WorkRow> Joiners { get; } = [];

        /// <summary>Tokens reserved by the rows running or joining (prompt + max_tokens each).</summary>
        public long Reserved { get; set; }

        public int Rows => Batch.Count + Joiners.Count;

        public IEnumerable<GenerateWork> Works => _works.Keys;

        public void Admit(GenerateWork work, Action<WorkRow, bool> ended)
        {
            // A seeded request draws from its own generator, so its seed gives the same output whatever runs beside it.
            Generator? generator = work.Key.Seed is { } seed ? new Generator(seed, Model.Model.Module.Device) : null;
            _works[work] = generator;
            IReadOnlySet<int> endIds = work.Key.IgnoreEos ? work.StopTokenIds : new HashSet<int>(_eos.Concat(work.StopTokenIds));
            for (int r = 0; r < work.Rows; r++)
                Joiners.Add(new WorkRow(work, r, endIds, generator, ended));
        }

        public void Release(GenerateWork work)
        {
            if (_works.Remove(work, out var generator))
                generator?.Dispose();
        }

        public void Dispose()
        {
            foreach (var g in _works.Values)
                g?.Dispose();
            _works.Clear();
            Batch.Dispose();
        }
    }
}
