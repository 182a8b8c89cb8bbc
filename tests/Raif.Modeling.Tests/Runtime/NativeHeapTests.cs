using System.Runtime.InteropServices;
using Raif.Modeling.Runtime;

namespace Raif.Modeling.Tests.Runtime;

/// <summary>
/// Runs alone: glibc's counters are process-wide, so another test's tensors allocated or freed in between would move them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeHeapCollection
{
    public const string Name = "process-wide malloc counters";
}

[Collection(NativeHeapCollection.Name)]
public class NativeHeapTests
{
    [Fact]
    public void After_the_settings_blocks_up_to_the_threshold_come_from_the_heap_and_larger_ones_are_mapped()
    {
        // The suite runs on Linux (libtorch linux-x64) and its host sets no malloc variables.
        Assert.False(NativeHeap.UserConfigured(Environment.GetEnvironmentVariable), "the test environment sets malloc variables");
        Assert.True(NativeHeap.KeepFreedMemory());
        // glibc counts the bytes it holds in mmapped blocks (mallinfo2's hblkhd): an 8 MB block under the 32 MB threshold
        // adds none (by default anything from 128 KB up is mapped).
        Assert.Equal(0, MappedBytesAdded(8 << 20));
        // A block above the threshold is mapped only when no free chunk already holds it, and with the heap no longer
        // trimmed, earlier tests can leave hundreds of MB free in it (a 40 MB block came from the heap in a CI run). So
        // the large block is bigger than every free byte the arenas hold (mallinfo2's fordblks) plus a margin; it is
        // never touched, so it costs address space only.
        long large = (long)MallocInfo().FreeBytes + (256L << 20);
        Assert.True(MappedBytesAdded(large) >= large);
    }

    private static long MappedBytesAdded(long bytes)
    {
        long before = (long)MallocInfo().MappedBytes;
        IntPtr block = Marshal.AllocHGlobal((nint)bytes); // malloc on Unix
        try
        {
            return (long)MallocInfo().MappedBytes - before;
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }

    [Theory]
    [InlineData("MALLOC_MMAP_THRESHOLD_", "65536", true)]
    [InlineData("MALLOC_TRIM_THRESHOLD_", "0", true)]
    [InlineData("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=1000000", true)]
    [InlineData("GLIBC_TUNABLES", "glibc.rtld.nns=8", false)]
    [InlineData("OMP_WAIT_POLICY", "PASSIVE", false)]
    public void A_malloc_setting_the_user_made_is_kept(string name, string value, bool configured) =>
        Assert.Equal(configured, NativeHeap.UserConfigured(n => n == name ? value : null));

    /// <summary>glibc's struct mallinfo2 (malloc.h), ten size_t fields: hblkhd is the fifth, fordblks the ninth.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct MallInfo2
    {
        private readonly nuint _arena, _ordblks, _smblks, _hblks;
        public readonly nuint MappedBytes;
        private readonly nuint _usmblks, _fsmblks, _uordblks;
        public readonly nuint FreeBytes;
        private readonly nuint _keepcost;
    }

    [DllImport("libc.so.6", EntryPoint = "mallinfo2")]
    private static extern MallInfo2 MallocInfo();
}
