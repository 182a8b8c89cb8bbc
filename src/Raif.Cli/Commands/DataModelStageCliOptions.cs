using System.CommandLine;
using System.Diagnostics;
using Raif.Cli.Commands.Eval;
using Raif.Core.Templates;
using Raif.Data.Models;
using Raif.Data.Stages;

namespace Raif.Cli.Commands;

/// <summary>
/// Options shared by the <c>raif data</c> stages that call a chat model: input and output, the model (the judge
/// options of <c>raif eval</c>: <c>--judge-url</c>/<c>--judge-model</c> for an OpenAI-compatible server, or
/// <c>--judge</c> for a local folder; here the model writes data rather than judging), concurrency, re-asks of broken
/// replies, bad-line handling, and the rendering of the RL <c>input</c>.
/// </summary>
internal sealed class DataModelStageCliOptions
{
    public Option<FileInfo> Input { get; } = new("--input", "-i") { Description = "Seed JSONL (e.g. the output of raif data seeds).", Required = true };

    public Option<DirectoryInfo> Output { get; } = new("--out", "-o") { Description = "Output folder; a rerun into it resumes where the last run stopped.", Required = true };

    public Option<string> Field { get; } = new("--field") { Description = "Field of --input that holds the seed instruction.", DefaultValueFactory = _ => "text" };

    public Option<int> Concurrency { get; } = new("--concurrency") { Description = "Seeds worked on at once (model requests in flight).", DefaultValueFactory = _ => 8 };

    public Option<int> ReplyRetries { get; } = new("--reply-retries") { Description = "Re-asks after a reply that breaks the format, before the seed is dropped.", DefaultValueFactory = _ => 2 };

    public Option<string> OnError { get; } = new("--on-error") { Description = "A bad --input line: 'fail' names it and stops, 'skip' reports it and goes on.", DefaultValueFactory = _ => "fail" };

    public Option<long> Seed { get; } = new("--seed") { Description = "Random seed of every random choice.", DefaultValueFactory = _ => 1 };

    public Option<string> Template { get; } = new("--template") { Description = $"Chat template of the rendered input: {string.Join(", ", ChatTemplates.Names)}.", DefaultValueFactory = _ => "qwen" };

    public Option<bool> NoCotTrigger { get; } = new("--no-cot-trigger") { Description = "Leave the CoT trigger out of the system turn (slow-thinking models, spec §5.1)." };

    private readonly EvalJudgeCliOptions _model = new();

    public DataModelStageCliOptions()
    {
        OnError.AcceptOnlyFromAmong("fail", "skip");
        // Not meaningful for a data stage: replies are parsed at once, and --concurrency bounds the requests.
        _model.Judgments.Hidden = true;
        _model.Concurrency.Hidden = true;
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Input, Output, Field, Concurrency, ReplyRetries, OnError, Seed, Template, NoCotTrigger })
            command.Add(option);
        _model.AddTo(command);
    }

    public ChatTemplate ChatTemplate(ParseResult parse) => ChatTemplates.Get(parse.GetValue(Template)!);

    public StageOptions StageOptions(ParseResult parse)
    {
        int concurrency = parse.GetValue(Concurrency);
        if (concurrency < 1)
            throw new CliUsageException("--concurrency must be at least 1");
        return new StageOptions { Concurrency = concurrency, SkipBadLines = parse.GetValue(OnError) == "skip" };
    }

    /// <summary>The model that writes the data, and how to call it; a usage error when none was given.</summary>
    public async Task<(JudgeChat Model, ModelCallOptions Call)> OpenModelAsync(ParseResult parse, TextWriter status, CancellationToken cancellationToken)
    {
        int retries = parse.GetValue(ReplyRetries);
        if (retries < 0)
            throw new CliUsageException("--reply-retries must be >= 0");
        if (!parse.GetValue(Input)!.Exists)
            throw new CliUsageException($"--input: {parse.GetValue(Input)!.FullName} does not exist");
        var model = await _model.OpenChatAsync(parse, status, cancellationToken).ConfigureAwait(false);
        if (model.Chat is null)
        {
            model.Dispose();
            throw new CliUsageException("give a model: --judge-url URL (an OpenAI-compatible server; --judge-model NAME) or --judge FOLDER");
        }
        var call = new ModelCallOptions(model.Options.MaxOutputTokens, model.Options.Temperature, model.Options.Retry, retries);
        return (model, call);
    }

    /// <summary>Progress lines on <paramref name="status"/>, at most one every two seconds and the last one always.</summary>
    public static IProgress<StageProgress> Progress(TextWriter status)
    {
        var clock = Stopwatch.StartNew();
        var last = TimeSpan.FromSeconds(-10);
        var gate = new Lock();
        return new SyncProgress<StageProgress>(p =>
        {
            lock (gate)
            {
                if (p.Done < p.Total && clock.Elapsed - last < TimeSpan.FromSeconds(2))
                    return;
                last = clock.Elapsed;
                string eta = p.Eta is { } e ? $", ETA {e:hh\\:mm\\:ss}" : "";
                status.WriteLine($"{p.Stage}: {p.Done}/{p.Total} seeds done, {p.Kept} kept, {p.Dropped} dropped{(p.SkippedLines > 0 ? $", {p.SkippedLines} bad lines skipped" : "")}{eta}");
            }
        });
    }

    /// <summary>The closing summary of a stage run.</summary>
    public static void WriteSummary(TextWriter output, StageSummary summary)
    {
        output.WriteLine($"wrote {summary.Kept} records to {summary.OutputPath}; {summary.Dropped} seeds dropped (reasons in {summary.DropsPath})"
            + (summary.ResumedFromJournal > 0 ? $"; {summary.ResumedFromJournal} taken from the journal of an earlier run" : ""));
        foreach (var line in summary.SkippedLines)
            output.WriteLine($"skipped: {line}");
    }
}
