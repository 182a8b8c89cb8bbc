using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Raif.Core.Jsonl;
using Raif.Verifiers.IfBench;
using Raif.Verifiers.IfEval;
using Raif.Verifiers.Language;
using Raif.Verifiers.Language.Langdetect;
using Raif.Verifiers.Python;
using Spectre.Console;

namespace Raif.Cli.Commands;

/// <summary>
/// <c>raif bench ifeval</c> and <c>raif bench ifbench</c>: strict + loose evaluation throughput on a replicated
/// response set, optionally side by side with the benchmark's Python evaluator run on the very same files.
/// </summary>
internal static class IfevalBenchCommand
{
    /// <summary>What differs between the benchmarks: the instruction registry and how the Python evaluator is run.</summary>
    private sealed record Benchmark(string Name, string Title, string PythonName, string PythonFolder, string[] PythonModule, bool DetectsLanguage, InstructionRegistry Registry);

    private static readonly Benchmark Ifeval = new("ifeval", "IFEval", "Google evaluator (Python)",
        "Folder that contains Google's instruction_following_eval package; when given, it is timed on the same files.",
        ["-m", "instruction_following_eval.evaluation_main"], DetectsLanguage: true, InstructionRegistry.Default);

    private static readonly Benchmark Ifbench = new("ifbench", "IFBench", "IFBench evaluator (Python)",
        "Folder of an allenai/IFBench checkout (run_eval.py with its dependencies installed); when given, it is timed on the same files.",
        ["-m", "run_eval"], DetectsLanguage: false, IfBenchRegistry.Default);

    public static Command Create() => Create(Ifeval);

    public static Command CreateIfbench() => Create(Ifbench);

    private static Command Create(Benchmark benchmark)
    {
        var inputData = new Option<FileInfo>("--input-data") { Description = $"{benchmark.Title} input file (key, prompt, instruction_id_list, kwargs).", Required = true };
        var responses = new Option<FileInfo>("--responses") { Description = "Responses JSONL (prompt, response).", Required = true };
        var copies = new Option<int>("--copies") { Description = "How many times the inputs are replicated (unique keys).", DefaultValueFactory = _ => 20 };
        var repeat = new Option<int>("--repeat") { Description = "Timed runs of Raif's evaluator; the median is reported.", DefaultValueFactory = _ => 3 };
        var warmup = new Option<int>("--warmup")
        {
            Description = "Untimed runs after the cold one, so the timed runs see the steady state of a long-running process "
                + "(.NET recompiles hot methods in the background during the first runs; see docs/benchmarks.md).",
            DefaultValueFactory = _ => 3,
        };
        var threads = new Option<int>("--threads") { Description = "Worker threads for Raif (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var pythonEvaluator = new Option<DirectoryInfo?>("--python-evaluator")
        {
            Description = benchmark.PythonFolder,
        };
        var python = new Option<string>("--python") { Description = "Python interpreter for the official evaluator.", DefaultValueFactory = _ => "python3" };
        var nltkData = new Option<DirectoryInfo?>("--nltk-data") { Description = "NLTK_DATA folder holding tokenizers/punkt for the Python run." };
        var workDir = new Option<DirectoryInfo?>("--work-dir") { Description = "Where the replicated files and the Python outputs go (default: a temp folder)." };
        var command = new Command(benchmark.Name, $"Time strict+loose {benchmark.Title} evaluation of the inputs replicated --copies times, against the official Python evaluator if given.")
        {
            inputData, responses, copies, repeat, warmup, threads, pythonEvaluator, python, nltkData, workDir,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            int n = parse.GetValue(copies), runs = parse.GetValue(repeat), workers = parse.GetValue(threads), warmups = parse.GetValue(warmup);
            if (n < 1 || runs < 1 || workers < 1)
                throw new CliUsageException("--copies, --repeat and --threads must be at least 1");
            if (warmups < 0)
                throw new CliUsageException("--warmup must be 0 or more");
            var console = IfevalReport.Console(parse.InvocationConfiguration.Output);
            string loadBefore = LoadAverage();
            var cold = Stopwatch.StartNew();
            var inputs = IfevalFiles.ReadInputs(parse.GetValue(inputData)!.FullName, cancellationToken);
            var answers = IfevalFiles.ReadResponses(parse.GetValue(responses)!.FullName, cancellationToken);
            var replicated = Replicate(inputs, n);
            var timing = new TimedLanguageIdentifier(LangdetectLanguageIdentifier.Default);
            var evaluator = new IfevalEvaluator(new IfevalOptions { LanguageIdentifier = timing }, benchmark.Registry);

            // The first pass includes loading the language profiles and JIT compilation.
            var first = IfevalRun.Evaluate(evaluator, replicated, answers, null, cancellationToken, workers);
            double coldSeconds = cold.Elapsed.TotalSeconds;
            for (int w = 0; w < warmups; w++)
                IfevalRun.Evaluate(evaluator, replicated, answers, null, cancellationToken, workers);
            var seconds = new List<double>();
            timing.Reset();
            for (int r = 0; r < runs; r++)
            {
                var watch = Stopwatch.StartNew();
                IfevalRun.Evaluate(evaluator, replicated, answers, null, cancellationToken, workers);
                seconds.Add(watch.Elapsed.TotalSeconds);
            }
            seconds.Sort();
            double median = seconds[seconds.Count / 2];

            var table = new Table().Title($"{benchmark.Title} strict+loose, {replicated.Count} responses ({inputs.Count} x {n})")
                .AddColumns("evaluator", "wall s", "responses/s", "note");
            table.AddRow("Raif (warm, median)", F(median), F(replicated.Count / median),
                $"{workers} threads, after {warmups} untimed warm-up runs; runs: {string.Join(" ", seconds.Select(F))}");
            table.AddRow("Raif (cold process)", F(coldSeconds), F(replicated.Count / coldSeconds),
                benchmark.DetectsLanguage ? "incl. reading files, language profiles, JIT" : "incl. reading files, loading the tagger and word lists, JIT");
            if (benchmark.DetectsLanguage)
            {
                table.AddRow("  of which language id", F(timing.Seconds / runs / workers), "",
                    $"per warm run: {timing.Calls / runs} detections, {F(timing.Seconds / runs)} thread-seconds");
            }

            var pythonDir = parse.GetValue(pythonEvaluator);
            if (pythonDir is not null)
            {
                string? given = parse.GetValue(workDir)?.FullName;
                string work = given ?? Directory.CreateTempSubdirectory($"raif-bench-{benchmark.Name}-").FullName;
                Directory.CreateDirectory(work);
                double pythonSeconds;
                string agreement;
                try
                {
                    (pythonSeconds, agreement) = RunPython(
                        benchmark, parse.GetValue(python)!, pythonDir.FullName, parse.GetValue(nltkData)?.FullName, work, replicated, answers, first, cancellationToken);
                }
                finally
                {
                    if (given is null)
                        Directory.Delete(work, recursive: true);
                }
                table.AddRow(benchmark.PythonName, F(pythonSeconds), F(replicated.Count / pythonSeconds),
                    "one process: interpreter start, imports, strict+loose, writing results");
                table.AddRow("speed-up (warm / cold)", F(pythonSeconds / median) + "x / " + F(pythonSeconds / coldSeconds) + "x", "", agreement);
            }
            console.Write(table);
            console.MarkupLine(Markup.Escape(
                $"machine: {Environment.ProcessorCount} logical cores, {Environment.OSVersion}, .NET {Environment.Version}; " +
                $"load average at start {loadBefore}, at end {LoadAverage()}"));
            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>Counts detections and the time spent in them (summed over threads).</summary>
    private sealed class TimedLanguageIdentifier(ILanguageIdentifier inner) : ILanguageIdentifier
    {
        private long _calls;
        private long _ticks;

        public long Calls => Interlocked.Read(ref _calls);

        public double Seconds => TimeSpan.FromTicks(Interlocked.Read(ref _ticks)).TotalSeconds;

        public void Reset()
        {
            Interlocked.Exchange(ref _calls, 0);
            Interlocked.Exchange(ref _ticks, 0);
        }

        public string? Detect(string text)
        {
            long start = Stopwatch.GetTimestamp();
            var result = inner.Detect(text);
            Interlocked.Add(ref _ticks, Stopwatch.GetElapsedTime(start).Ticks);
            Interlocked.Increment(ref _calls);
            return result;
        }
    }

    private static List<IfevalInput> Replicate(List<IfevalInput> inputs, int copies)
    {
        var replicated = new List<IfevalInput>(inputs.Count * copies);
        for (int c = 0; c < copies; c++)
        {
            foreach (var input in inputs)
                replicated.Add(input with { Key = c == 0 ? input.Key : $"{input.Key}{c:D3}" });
        }
        return replicated;
    }

    private static (double Seconds, string Agreement) RunPython(
        Benchmark benchmark, string python, string evaluatorDir, string? nltkData, string work, List<IfevalInput> replicated,
        Dictionary<string, string> answers, IfevalRunResult ours, CancellationToken cancellationToken)
    {
        string inputPath = Path.Combine(work, "input_data.jsonl");
        string responsePath = Path.Combine(work, "input_response_data.jsonl");
        var inputText = new StringBuilder();
        var responseText = new StringBuilder();
        foreach (var input in replicated)
        {
            var line = new PyJsonWriter().BeginObject().Name("key");
            if (long.TryParse(input.Key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                line.Raw(input.Key);
            else
                line.Value(input.Key);
            line.Name("prompt").Value(input.Prompt).Name("instruction_id_list").BeginArray();
            foreach (var id in input.InstructionIds)
                line.Value(id);
            line.EndArray().Name("kwargs").BeginArray();
            foreach (var kwargs in input.Kwargs)
                line.Raw(kwargs.GetRawText());
            inputText.Append(line.EndArray().EndObject()).Append('\n');
            responseText.Append(new PyJsonWriter().BeginObject().Name("prompt").Value(input.Prompt)
                .Name("response").Value(answers[input.Prompt]).EndObject()).Append('\n');
        }
        AtomicFile.WriteAllText(inputPath, inputText.ToString());
        AtomicFile.WriteAllText(responsePath, responseText.ToString());

        var psi = new ProcessStartInfo(python)
        {
            WorkingDirectory = evaluatorDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in benchmark.PythonModule.Concat([$"--input_data={inputPath}", $"--input_response_data={responsePath}", $"--output_dir={work}"]))
            psi.ArgumentList.Add(arg);
        if (nltkData is not null)
            psi.Environment["NLTK_DATA"] = nltkData;
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(psi) ?? throw new CliUsageException($"could not start {python}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        process.WaitForExitAsync(cancellationToken).GetAwaiter().GetResult();
        double seconds = watch.Elapsed.TotalSeconds;
        if (process.ExitCode != 0)
            throw new CliUsageException($"the Python evaluator failed (exit {process.ExitCode}): {Tail(stderr.Result)}");
        _ = stdout.Result;
        return (seconds, Agreement(work, ours));
    }

    // Verdict-level agreement between the two evaluators on the replicated set.
    private static string Agreement(string work, IfevalRunResult ours)
    {
        int same = 0, total = 0;
        foreach (var (mode, results) in new[] { ("strict", ours.Strict), ("loose", ours.Loose) })
        {
            int i = 0;
            foreach (var line in JsonlReader.ReadLines(Path.Combine(work, $"eval_results_{mode}.jsonl")))
            {
                var theirs = line.Value.GetProperty("follow_instruction_list").EnumerateArray().Select(e => e.GetBoolean()).ToList();
                var mine = results[i++].FollowInstructionList;
                for (int j = 0; j < theirs.Count; j++)
                {
                    total++;
                    if (theirs[j] == mine[j])
                        same++;
                }
            }
        }
        return $"verdicts equal: {same}/{total}";
    }

    // Other processes share the machine; the load average tells the reader how much.
    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    private static string Tail(string s) => s.Length <= 2000 ? s : s[^2000..];

    private static string F(double value) => value.ToString(value >= 100 ? "F0" : "F2", CultureInfo.InvariantCulture);
}
