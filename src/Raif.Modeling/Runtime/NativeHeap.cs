using System.Runtime.InteropServices;

namespace Raif.Modeling.Runtime;

/// <summary>
/// Keeps memory that libtorch frees in the process for its next tensors. glibc's malloc serves blocks from 128 KB up
/// (its threshold then grows with what was freed) with mmap and hands them back with munmap when freed, so every
/// forward pass that allocates megabyte activations faults their pages in again. On these VMs a first touch is
/// expensive: a prefill of 4,110 prompt tokens of the serve bench's tiny model took 380-440 ms after a stretch of
/// decoding steps against 53-81 ms with the threshold fixed at glibc's maximum (`raif bench batch`, docs/benchmarks.md,
/// 2026-12-04), and whole runs were faster too. Blocks up to 32 MB therefore come from the heap, and the heap is not
/// trimmed back below 1 GiB of free memory: the process keeps its peak, as a serving or training process would with
/// tcmalloc or jemalloc. glibc only (musl and other platforms are left alone); a malloc setting the user made through
/// MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_ or GLIBC_TUNABLES is kept.
/// </summary>
internal static class NativeHeap
{
    // glibc's malloc.h.
    private const int TrimThreshold = -1;
    private const int MmapThreshold = -3;

    /// <summary>glibc's largest mmap threshold on 64-bit (half its heap size): mallopt refuses more.</summary>
    internal const int MmapThresholdBytes = 32 << 20;

    internal const int TrimThresholdBytes = 1 << 30;

    /// <summary>Whether the environment already says how malloc should behave (then it is left as set).</summary>
    internal static bool UserConfigured(Func<string, string?> environment) =>
        environment("MALLOC_MMAP_THRESHOLD_") is not null
        || environment("MALLOC_TRIM_THRESHOLD_") is not null
        || (environment("GLIBC_TUNABLES") ?? "").Contains("glibc.malloc.", StringComparison.Ordinal);

    /// <summary>Applies the settings; true when glibc accepted both, false when they were left alone or refused.</summary>
    internal static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux() || UserConfigured(Environment.GetEnvironmentVariable))
            return false;
        try
        {
            return SetMallocOption(MmapThreshold, MmapThresholdBytes) == 1 && SetMallocOption(TrimThreshold, TrimThresholdBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc
        }
    }

    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    private static extern int SetMallocOption(int parameter, int value);
}
