namespace Raif.Cli.Commands;

/// <summary>
/// Reports on the caller's thread. <see cref="Progress{T}"/> posts to the thread pool, so its last reports can
/// arrive after the work (and the summary) is done.
/// </summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
