using System.Diagnostics;

namespace Raif.Modeling.Layers;

/// <summary>
/// A block of work split into parts that any thread may run: <see cref="Run"/> is called once per part index.
/// </summary>
internal interface IPartedWork
{
    void Run(int part, int parts);
}

/// <summary>
/// Persistent threads for <see cref="MatrixVectorKernel"/>: a decoding step makes ~100 weight products of 0.1-1 ms each,
/// and handing each to <c>Parallel.For</c> wakes a pool thread that may start after the caller has already taken every
/// part itself (the product then runs on one thread at half the read bandwidth). These threads spin between products
/// (0.1 ms, then sleep), and the parts are claimed from a shared counter, so a late or preempted thread
/// costs only its current part. One job runs at a time; concurrent callers queue on a lock.
/// </summary>
internal static class KernelWorkers
{
    /// <summary>
    /// How long an idle worker spins for the next job before it sleeps: longer than the gaps between a step's products
    /// (norms, rotary, attention: microseconds), short enough that the libtorch calls after a step (log-softmax, argmax
    /// over the vocabulary, which use libtorch's own threads) do not share a core with a spinning worker.
    /// </summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 10_000;

    private static readonly Lock CallerGate = new();
    private static readonly object SleepGate = new();
    private static readonly List<Thread> Threads = [];
    private static Job? _job;
    private static int _generation, _sleepers;

    /// <summary>One call's work and its counters: a worker that wakes late finds every part of an old job taken.</summary>
    private sealed class Job(IPartedWork work, int parts, int helpers)
    {
        public readonly IPartedWork Work = work;
        public readonly int Parts = parts;
        public readonly int Helpers = helpers;
        public int NextPart;
        public int Unfinished = parts;

        public void RunParts()
        {
            int part;
            while ((part = Interlocked.Increment(ref NextPart) - 1) < Parts)
            {
                Work.Run(part, Parts);
                Interlocked.Decrement(ref Unfinished);
            }
        }
    }

    /// <summary>Runs parts [0, <paramref name="parts"/>) of <paramref name="work"/> on the caller and up to
    /// <paramref name="threads"/> - 1 workers; returns when all parts are done.</summary>
    public static void Run(IPartedWork work, int parts, int threads)
    {
        if (threads <= 1 || parts <= 1)
        {
            for (int p = 0; p < parts; p++)
                work.Run(p, parts);
            return;
        }
        lock (CallerGate)
        {
            EnsureThreads(threads - 1);
            var job = new Job(work, parts, threads - 1);
            Volatile.Write(ref _job, job);
            // The full fence of Interlocked pairs with the sleepers' own increment (see WaitForJob): either this reads
            // their count, or they see the new generation before waiting.
            Interlocked.Increment(ref _generation);
            if (Volatile.Read(ref _sleepers) > 0)
            {
                lock (SleepGate)
                    Monitor.PulseAll(SleepGate);
            }
            job.RunParts();
            var spinner = default(SpinWait);
            while (Volatile.Read(ref job.Unfinished) != 0)
                spinner.SpinOnce(sleep1Threshold: -1);
            Volatile.Write(ref _job, null);
        }
    }

    private static void EnsureThreads(int count)
    {
        while (Threads.Count < count)
        {
            int index = Threads.Count;
            var thread = new Thread(() => Loop(index)) { IsBackground = true, Name = $"raif-kernel-{index}" };
            Threads.Add(thread);
            thread.Start();
        }
    }

    private static void Loop(int index)
    {
        int seen = Volatile.Read(ref _generation);
        while (true)
        {
            seen = WaitForJob(seen);
            // Workers beyond a job's thread count sit it out, so a job uses no more cores than libtorch's setting.
            if (Volatile.Read(ref _job) is { } job && index < job.Helpers)
                job.RunParts();
        }
    }

    private static int WaitForJob(int seen)
    {
        long start = Stopwatch.GetTimestamp();
        var spinner = default(SpinWait);
        int generation;
        while ((generation = Volatile.Read(ref _generation)) == seen)
        {
            if (Stopwatch.GetTimestamp() - start < SpinTicks)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }
            Interlocked.Increment(ref _sleepers);
            lock (SleepGate)
            {
                while (Volatile.Read(ref _generation) == seen)
                    Monitor.Wait(SleepGate);
            }
            Interlocked.Decrement(ref _sleepers);
            start = Stopwatch.GetTimestamp();
        }
        return generation;
    }
}
