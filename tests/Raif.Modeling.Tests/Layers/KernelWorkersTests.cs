using Raif.Modeling.Layers;

namespace Raif.Modeling.Tests.Layers;

/// <summary>The kernel's persistent threads: every part of every job runs exactly once and before Run returns.</summary>
public class KernelWorkersTests
{
    private sealed class CountParts(int parts) : IPartedWork
    {
        public readonly int[] Runs = new int[parts];
        public readonly int[] Threads = new int[parts];
        public bool OnWorker;

        public void Run(int part, int parts)
        {
            Interlocked.Increment(ref Runs[part]);
            Threads[part] = Environment.CurrentManagedThreadId;
            if (Thread.CurrentThread.Name?.StartsWith("raif-kernel", StringComparison.Ordinal) == true)
                OnWorker = true;
            Thread.SpinWait(2000); // long enough for a second thread to claim parts too
        }
    }

    [Fact]
    public void Every_part_runs_once_before_run_returns_also_with_concurrent_callers()
    {
        int jobs = 0;
        int onWorkers = 0;
        // Four callers at once (tests and servers may run products concurrently), each with many small jobs, some
        // with a pause so the workers go to sleep and must be woken.
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, caller =>
        {
            for (int i = 0; i < 300; i++)
            {
                if (i % 100 == 99)
                    Thread.Sleep(5);
                int parts = 1 + ((i + caller) % 9);
                var work = new CountParts(parts);
                KernelWorkers.Run(work, parts, threads: 2);
                Assert.All(work.Runs, r => Assert.Equal(1, r));
                if (work.OnWorker)
                    Interlocked.Increment(ref onWorkers);
                Interlocked.Increment(ref jobs);
            }
        });
        Assert.Equal(1200, jobs);
        Assert.True(onWorkers > 0, "the workers never took a part");
    }

    [Fact]
    public void One_thread_runs_every_part_on_the_caller()
    {
        var work = new CountParts(5);
        KernelWorkers.Run(work, 5, threads: 1);
        Assert.All(work.Runs, r => Assert.Equal(1, r));
        Assert.All(work.Threads, t => Assert.Equal(Environment.CurrentManagedThreadId, t));
    }
}
