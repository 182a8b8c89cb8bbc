namespace Raif.Server.Inference;

/// <summary>What the model worker has done so far, read by <c>/health</c>, tests and logs (written by the worker thread only).</summary>
internal sealed class WorkerCounters
{
    private long _generationBatches;
    private int _largestBatch;
    private long _abandonedRows;
    private long _decodeSteps;
    private long _promptTokens;
    private long _prefillTokens;
    private long _stepTicks;
    private long _prefillTicks;

    /// <summary>Round batching: generation batches run. Continuous batching: groups of requests that joined the running batch.</summary>
    public long GenerationBatches => Interlocked.Read(ref _generationBatches);

    /// <summary>The most sequences generated together so far.</summary>
    public int LargestBatch => Volatile.Read(ref _largestBatch);

    /// <summary>Generated rows ended early because their client went away (or work skipped before it started).</summary>
    public long AbandonedRows => Interlocked.Read(ref _abandonedRows);

    /// <summary>Decoding steps of the continuous batches (0 with round batching).</summary>
    public long DecodeSteps => Interlocked.Read(ref _decodeSteps);

    /// <summary>Prompt tokens of the sequences that joined a continuous batch.</summary>
    public long PromptTokens => Interlocked.Read(ref _promptTokens);

    /// <summary>Of those, the tokens actually run through the model (fewer when prompts were shared).</summary>
    public long PrefillTokens => Interlocked.Read(ref _prefillTokens);

    /// <summary>Seconds the worker spent in continuous decoding steps (forward pass, token choice, handing tokens to requests).</summary>
    public double StepSeconds => (double)Interlocked.Read(ref _stepTicks) / System.Diagnostics.Stopwatch.Frequency;

    /// <summary>Seconds the worker spent in prefill passes of their own (joiners folded into a decoding step count as step time).</summary>
    public double PrefillSeconds => (double)Interlocked.Read(ref _prefillTicks) / System.Diagnostics.Stopwatch.Frequency;

    public void Batch(int rows)
    {
        Interlocked.Increment(ref _generationBatches);
        if (rows > _largestBatch)
            Volatile.Write(ref _largestBatch, rows);
    }

    public void Abandoned(long rows) => Interlocked.Add(ref _abandonedRows, rows);

    public void Step(long stopwatchTicks)
    {
        Interlocked.Increment(ref _decodeSteps);
        Interlocked.Add(ref _stepTicks, stopwatchTicks);
    }

    public void Prefill(long promptTokens, long computedTokens, long stopwatchTicks)
    {
        Interlocked.Add(ref _prefillTicks, stopwatchTicks);
        Interlocked.Add(ref _promptTokens, promptTokens);
        Interlocked.Add(ref _prefillTokens, computedTokens);
    }
}
