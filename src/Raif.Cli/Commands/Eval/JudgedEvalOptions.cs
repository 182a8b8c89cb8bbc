using System.CommandLine;
using Raif.Evaluation.Judging;

namespace Raif.Cli.Commands.Eval;

/// <summary>
/// What every <c>raif eval BENCH</c> for a judged benchmark takes: the benchmark's data folder, responses (its own
/// published layout or uniform JSONL), the output folder, the judge options and, where the benchmark's judge prompt
/// cannot be shipped, the prompt file.
/// </summary>
internal sealed class JudgedEvalOptions
{
    public JudgedEvalOptions(string dataDescription, string responsesDescription, bool takesPromptFile)
    {
        Data = new Option<DirectoryInfo>("--data") { Description = dataDescription, Required = true };
        Responses = new Option<FileInfo?>("--responses") { Description = responsesDescription };
        if (takesPromptFile)
        {
            JudgePrompt = new Option<FileInfo?>("--judge-prompt")
            {
                Description = "The benchmark's judge prompt as a text file (its licence does not let Raif ship it; docs/evaluation.md shows how to extract it); default DATA/judge_prompt.txt. Needed only when a judge is asked.",
            };
        }
    }

    public Option<DirectoryInfo> Data { get; }

    public Option<FileInfo?> Responses { get; }

    public Option<DirectoryInfo> OutputDir { get; } = new("--output-dir") { Description = "Where items.jsonl, scores.json, report.md and judgments.jsonl are written.", Required = true };

    public Option<FileInfo?>? JudgePrompt { get; }

    public EvalJudgeCliOptions Judge { get; } = new();

    public void AddTo(Command command)
    {
        command.Add(Data);
        command.Add(Responses);
        command.Add(OutputDir);
        if (JudgePrompt is not null)
            command.Add(JudgePrompt);
        Judge.AddTo(command);
    }

    public string DataDir(ParseResult parse)
    {
        var dir = parse.GetValue(Data)!;
        if (!dir.Exists)
            throw new DirectoryNotFoundException($"--data: {dir.FullName} does not exist");
        return dir.FullName;
    }

    /// <summary>The responses file, or null; with neither responses nor judgments nothing could be scored.</summary>
    public string? ResponsesPath(ParseResult parse)
    {
        var file = parse.GetValue(Responses);
        if (file is null && parse.GetValue(Judge.Judgments) is null)
            throw new CliUsageException("give --responses (to judge or score them) or --judgments (judge replies already obtained), or both");
        if (file is not null && !file.Exists)
            throw new FileNotFoundException($"--responses: {file.FullName} does not exist", file.FullName);
        return file?.FullName;
    }

    /// <summary>The judge prompt's text: --judge-prompt, else DATA/judge_prompt.txt, else null.</summary>
    public string? ReadJudgePrompt(ParseResult parse)
    {
        if (JudgePrompt is null)
            return null;
        if (parse.GetValue(JudgePrompt) is not { } file)
            return Raif.Evaluation.Benchmarks.JudgePromptFile.TryRead(DataDir(parse));
        if (!file.Exists)
            throw new FileNotFoundException($"--judge-prompt: {file.FullName} does not exist", file.FullName);
        return File.ReadAllText(file.FullName);
    }

    public string OutputPath(ParseResult parse) => parse.GetValue(OutputDir)!.FullName;

    /// <summary>Progress lines (every 10 % and at the end) with judge calls and an ETA.</summary>
    public static IProgress<JudgeProgress> ProgressLines(TextWriter output, string bench)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int lastDecile = -1;
        var gate = new object();
        return new LineProgress(p =>
        {
            lock (gate)
            {
                int decile = p.Total == 0 ? 10 : p.Done * 10 / p.Total;
                if (decile == lastDecile)
                    return;
                lastDecile = decile;
                double seconds = clock.Elapsed.TotalSeconds;
                string eta = p.Done > 0 && p.Done < p.Total ? FormattableString.Invariant($", ETA {seconds / p.Done * (p.Total - p.Done):F0} s") : "";
                output.WriteLine(FormattableString.Invariant($"  [{bench}] {p.Done}/{p.Total} items, {p.Calls} judge calls, {seconds:F1} s{eta}"));
            }
        });
    }

    // Reports synchronously on the reporting thread (Progress<T> posts to the thread pool, reordering lines).
    private sealed class LineProgress(Action<JudgeProgress> report) : IProgress<JudgeProgress>
    {
        public void Report(JudgeProgress value) => report(value);
    }
}
