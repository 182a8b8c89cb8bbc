using System.CommandLine;
using Raif.Data.Stages;

namespace Raif.Cli.Commands;

/// <summary>What the model stages of <c>raif data</c> share on the command line: progress lines and the end of a run.</summary>
internal static class DataStageCli
{
    /// <summary>The <c>--on-error</c> option: what a malformed input line does.</summary>
    public static Option<string> OnError()
    {
        var option = new Option<string>("--on-error") { Description = "A malformed input line: 'fail' names it and stops, 'skip' reports it and goes on.", DefaultValueFactory = _ => "fail" };
        option.AcceptOnlyFromAmong("fail", "skip");
        return option;
    }

    /// <summary>One line per twentieth of the records (and at the end): done, kept, dropped, ETA.</summary>
    public static IProgress<StageProgress> Progress(TextWriter output)
    {
        long lastStep = -1;
        return new SyncProgress<StageProgress>(p =>
        {
            long step = p.Total == 0 ? 0 : p.Done * 20 / p.Total;
            if (step == Interlocked.Exchange(ref lastStep, step) && p.Done != p.Total)
                return;
            string eta = p.Eta is { } e && p.Done < p.Total ? $", ETA {e:hh\\:mm\\:ss}" : "";
            output.WriteLine($"  [{p.Stage}] {p.Done}/{p.Total} done, {p.Kept} kept, {p.Dropped} dropped{eta}");
        });
    }

    /// <summary>
    /// Runs a stage: prints its summary and returns 0, or, when an endpoint kept failing, prints why (with the
    /// journal to resume from) and returns 1.
    /// </summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<Task<StageSummary>> stage)
    {
        var output = parse.InvocationConfiguration.Output;
        StageSummary summary;
        try
        {
            summary = await stage().ConfigureAwait(false);
        }
        catch (EndpointFailedException e)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        foreach (var skipped in summary.SkippedLines)
            await parse.InvocationConfiguration.Error.WriteLineAsync($"skipped: {skipped}").ConfigureAwait(false);
        string resumed = summary.ResumedFromJournal > 0 ? $" ({summary.ResumedFromJournal} from an earlier run)" : "";
        await output.WriteLineAsync($"kept {summary.Kept} in {summary.OutputPath}; dropped {summary.Dropped} with reasons in {summary.DropsPath}{resumed}").ConfigureAwait(false);
        return 0;
    }
}
