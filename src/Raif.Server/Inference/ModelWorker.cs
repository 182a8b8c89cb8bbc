using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Raif.Server.Hosting;

namespace Raif.Server.Inference;

/// <summary>
/// The one thread that runs every model call (TorchSharp is not safe for concurrent forward passes on a model).
/// Requests queue here in arrival order; the scheduler chosen by <see cref="ServerOptions.Batching"/> runs them:
/// <see cref="ContinuousScheduler"/> (sequences join and leave the running batch at every decoding step) or
/// <see cref="RoundScheduler"/> (per-round batches, for before/after measurements).
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

    public WorkerCounters Counters { get; } = new();

    /// <summary>Generation batches (round) or joins (continuous) so far.</summary>
    public long GenerationBatches => Counters.GenerationBatches;

    /// <summary>The largest generation batch so far, in rows.</summary>
    public int LargestBatch => Counters.LargestBatch;

    /// <summary>Generated rows ended early because their client went away (or work skipped before it started).</summary>
    public long AbandonedRows => Counters.AbandonedRows;

    public BatchingMode Batching => _options.Batching;

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
        try
        {
            if (_options.Batching == BatchingMode.Round)
                new RoundScheduler(_queue, _options, _logger, Counters, _stopping.Token).Run();
            else
            {
                using var scheduler = new ContinuousScheduler(_queue, _options, _logger, Counters, _stopping.Token);
                scheduler.Run();
            }
        }
        catch (Exception e)
        {
            _logger.LogCritical(e, "the model worker stopped");
            _queue.CompleteAdding(); // later requests get 503 instead of waiting forever
        }
        while (_queue.TryTake(out var left))
            left.Fail(new ApiException(503, "the server is shutting down"));
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
