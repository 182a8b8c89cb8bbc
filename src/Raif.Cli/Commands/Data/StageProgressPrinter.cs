using System.Diagnostics;
using System.Globalization;
using Raif.Data.Stages;

namespace Raif.Cli.Commands.Data;

/// <summary>Stage progress as a status line at most every two seconds (and at the end), on stderr.</summary>
internal sealed class StageProgressPrinter(TextWriter error) : IProgress<StageProgress>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private TimeSpan _last = TimeSpan.FromSeconds(-10);

    public void Report(StageProgress value)
    {
        lock (_gate)
        {
            if (value.Done < value.Total && _clock.Elapsed - _last < TimeSpan.FromSeconds(2))
                return;
            _last = _clock.Elapsed;
            string eta = value.Eta is { } e ? $", ETA {e.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture)}" : "";
            string skipped = value.SkippedLines > 0 ? $", {value.SkippedLines} bad lines skipped" : "";
            error.WriteLine($"{value.Stage}: {value.Done}/{value.Total} done ({value.Kept} kept, {value.Dropped} dropped this run{skipped}){eta}");
        }
    }
}
