using System.Runtime.InteropServices;
using TorchSharp;

namespace Raif.Modeling.Runtime;

/// <summary>
/// Loads libtorch once and fails fast with one clear message when it cannot. TorchSharp's own loader, on
/// failure, copies ~480 MB of natives into <c>bin/cpu</c> and retries on every run; checking the native
/// library ourselves first avoids that and tells the user what is actually missing.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool _ready;

    /// <summary>The native library TorchSharp binds to.</summary>
    public const string NativeLibraryName = "libLibTorchSharp.so";

    /// <summary>
    /// Makes sure libtorch is usable; call before the first <c>torch</c> use. Throws
    /// <see cref="TorchUnavailableException"/> with the loader's own explanation when it is not.
    /// </summary>
    public static void EnsureAvailable()
    {
        if (_ready)
            return;
        lock (Gate)
        {
            if (_ready)
                return;
            if (OperatingSystem.IsLinux())
            {
                PreferPassiveOpenMpWaiting();
                _ = NativeHeap.KeepFreedMemory();
                ProbeNative();
            }
            try
            {
                _ = torch.ones(1).sum().item<float>();
            }
            catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException)
            {
                throw new TorchUnavailableException(
                    $"libtorch could not be initialised: {Innermost(e).Message}", e);
            }
            _ready = true;
        }
    }

    /// <summary>Sets the number of intra-op CPU threads libtorch uses.</summary>
    public static void SetThreads(int threads)
    {
        EnsureAvailable();
        torch.set_num_threads(Math.Max(1, threads));
    }

    /// <summary>
    /// libtorch's OpenMP threads spin while waiting for work by default. On a machine with more runnable threads
    /// than cores (shared CI boxes, several processes at once) a spinning thread holds the core its partner needs,
    /// and a 2-thread GEMM with 8 rows was measured 4-5x slower than with passive waiting. libgomp reads
    /// OMP_WAIT_POLICY when it is loaded, so it is set here, in the native environment (Environment.SetEnvironmentVariable
    /// does not reach native getenv on Unix), before libtorch loads; a value the user set is kept.
    /// </summary>
    private static void PreferPassiveOpenMpWaiting()
    {
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null)
            _ = SetNativeEnvironmentVariable("OMP_WAIT_POLICY", "PASSIVE", 0);
    }

    [DllImport("libc.so.6", EntryPoint = "setenv")]
    private static extern int SetNativeEnvironmentVariable(string name, string value, int overwrite);

    private static void ProbeNative()
    {
        string local = Path.Combine(AppContext.BaseDirectory, NativeLibraryName);
        string candidate = File.Exists(local)
            ? local
            : Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", NativeLibraryName);
        if (!File.Exists(candidate))
        {
            throw new TorchUnavailableException(
                $"{NativeLibraryName} is not next to the application ({AppContext.BaseDirectory}). " +
                "Raif references the libtorch-cpu-linux-x64 package; rebuild so its natives are copied, " +
                "or for CUDA reference TorchSharp-cuda-linux and libtorch-cuda instead.");
        }
        try
        {
            // Loading by path resolves libtorch_cpu.so & co. from the same folder and reports the real cause
            // (e.g. "version `GLIBCXX_3.4.32' not found") instead of TorchSharp's generic fallback.
            var handle = NativeLibrary.Load(candidate);
            _ = handle;
        }
        catch (DllNotFoundException e)
        {
            throw new TorchUnavailableException(
                $"{candidate} cannot be loaded: {e.Message}. If this names GLIBCXX_3.4.32, the build step that marks " +
                "that version need weak (build/TorchSharpNative.targets) did not run on this copy; run `dotnet build` again.",
                e);
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
            e = e.InnerException;
        return e;
    }
}

/// <summary>libtorch is missing or cannot be loaded on this machine.</summary>
public sealed class TorchUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
