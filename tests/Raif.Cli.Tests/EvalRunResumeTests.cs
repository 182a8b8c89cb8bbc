using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Raif.Modeling;
using Raif.Server;
using Raif.Server.Hosting;
using Raif.Server.Inference;
using Raif.TestSupport;
using Raif.Tests.Shared;
using Xunit.Abstractions;

namespace Raif.Cli.Tests;

/// <summary>
/// <c>raif eval run</c> end to end over HTTP: every benchmark on a few items, a tiny random model served by an
/// in-process <c>raif serve</c> as the policy and as the judge, the run interrupted (its token cancelled, as Ctrl+C
/// does) at several points and resumed. Requests are counted on the server's side of the wire by a proxy.
/// </summary>
public sealed partial class EvalRunResumeTests(ITestOutputHelper log) : IDisposable
{
    /// <summary>A benchmark of <c>raif eval run</c> and how its data folder is laid out for the test.</summary>
    private sealed record BenchmarkData(string Name, Action<string> Fill);

    /// <summary>
    /// Every benchmark <c>raif eval run</c> drives; adding one is one entry. Files are linked, not copied, from the
    /// committed or external data (a few items of each are asked for with --limit).
    /// </summary>
    private static readonly BenchmarkData[] All =
    [
        new("ifeval", dir => Link(TestDataFolder.Committed("ifeval", "input_data.jsonl"), dir)),
        new("ifbench", dir => Link(TestDataFolder.External("ifbench", "IFBench_test.jsonl"), dir)),
        new("cello", dir => Link(TestDataFolder.External("cello", "data"), dir)),
        new("cfbench", dir =>
        {
            Link(TestDataFolder.External("cfbench", "cfbench_data.json"), dir);
            // CFBench's own judge prompt cannot be shipped (docs/evaluation.md); a short stand-in with its placeholders.
            File.WriteAllText(Path.Combine(dir, "judge_prompt.txt"), "Response:\n{response}\nCriteria:\n{criteria}\nAnswer each criterion with a tab and 0 or 1.");
        }),
        // Upstream's data_final.json is not available to tests; the committed hand-made fixture is in its schema. Only
        // its first entry: ComplexBench's extractor prompt is 13 KB, a token per byte for the tiny model, and its
        // prefill dominates the test's time.
        new("complexbench", dir => File.WriteAllText(Path.Combine(dir, "data_final.json"),
            new JsonArray(JsonNode.Parse(File.ReadAllText(TestDataFolder.Committed("complexbench-fixture", "data_final.json")))!.AsArray()[0]!.DeepClone()).ToJsonString())),
        new("fbbench", dir =>
        {
            Link(TestDataFolder.External("fbbench", "fb_bench_dataset_v3.json"), dir);
            File.WriteAllText(Path.Combine(dir, "judge_prompt.txt"), "{second_response}\nFill in as JSON: {checklist_judgement}");
        }),
        new("followbench", dir =>
        {
            Link(TestDataFolder.External("followbench", "data"), dir);
            Link(TestDataFolder.External("followbench", "data_zh"), dir);
        }),
        new("infobench", dir => Link(TestDataFolder.External("infobench", "infobench.jsonl"), dir)),
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("raif-cli-evalresume-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// In <c>io</c> mode one request answers an item, on every benchmark; in <c>sdc</c> two (the reasoning, then the
    /// answer), which only changes the policy's side, so a smaller set with two judged benchmarks keeps the test short.
    /// </summary>
    [SkippableTheory]
    [InlineData("io", null)]
    [InlineData("sdc", "ifeval,ifbench,cello,cfbench,infobench")]
    public async Task Every_benchmark_interrupted_and_resumed_asks_nothing_twice_and_scores_as_an_uninterrupted_run(string mode, string? only)
    {
        var benchmarks = only is null ? All : [.. All.Where(b => only.Split(',').Contains(b.Name))];
        string data = Directory.CreateDirectory(Path.Combine(_dir, "data")).FullName;
        foreach (var benchmark in benchmarks)
            benchmark.Fill(Directory.CreateDirectory(Path.Combine(data, benchmark.Name)).FullName);

        // One tiny model, served under two names: the policy and the judge.
        using var model = TinyModel.Load(seed: 11, contextLength: 16_384);
        await using var server = RaifServer.Create(new ServerOptions { Port = 0 }, [new ServedModel("policy", model), new ServedModel("judge", model)]);
        await server.StartAsync();
        await using var proxy = await CountingProxy.StartAsync(server.BaseAddress);
        string endpoint = new Uri(proxy.BaseAddress, "v1").ToString();
        string[] Command(string output) =>
        [
            "eval", "run", "--benchmarks", string.Join(',', benchmarks.Select(b => b.Name)), "--data", data,
            "--endpoint", endpoint, "--served-model", "policy", "--judge-url", endpoint, "--judge-model", "judge", "--judge-no-json-format",
            "--mode", mode, "--max-new-tokens", "8", "--judge-max-tokens", "8", "--limit", "2",
            // One request in flight: the interruption then falls between two known requests.
            "--concurrency", "1", "--judge-concurrency", "1", "--retries", "0", "--judge-retries", "0", "--out", output,
        ];

        string straight = Path.Combine(_dir, "straight");
        var (code, output) = await RunAsync(Command(straight), CancellationToken.None);
        Assert.True(code == 0, output);
        var expected = proxy.Answered;
        Assert.Equal(2, proxy.Probes); // the policy's and the judge's start-up probe
        static bool IsPolicy(string body) => body.Contains("\"model\":\"policy\"", StringComparison.Ordinal);
        var policy = expected.Select((b, i) => (b, i)).Where(x => IsPolicy(x.b)).Select(x => x.i).ToList();
        var judge = expected.Select((b, i) => (b, i)).Where(x => !IsPolicy(x.b)).Select(x => x.i).ToList();
        Assert.True(policy.Count >= benchmarks.Length && judge.Count >= 2, $"{policy.Count} policy and {judge.Count} judge requests");

        // The same run, interrupted when a request arrives (it is left unanswered), then finished: early and midway
        // through generation, early and midway through judging, and at the very last judge request (InfoBench's
        // multi-turn conversation, or a re-ask).
        proxy.Reset();
        string resumed = Path.Combine(_dir, "resumed");
        int[] stops = [.. new[] { policy[1], policy[policy.Count / 2], judge[1], judge[judge.Count / 2], judge[^1] }.Distinct().Order()];
        log.WriteLine($"uninterrupted: {policy.Count} policy and {judge.Count} judge requests; interrupted at requests {string.Join(", ", stops)}");
        foreach (int stop in stops)
        {
            using var interrupt = new CancellationTokenSource();
            proxy.InterruptAt(stop, interrupt);
            var (stopped, stoppedLog) = await RunAsync(Command(resumed), interrupt.Token);
            Assert.True(stopped == 130, $"interrupted at request {stop}: exit code {stopped}\n{stoppedLog}");
            Assert.Equal(stop, proxy.Answered.Count);
        }
        (code, output) = await RunAsync(Command(resumed), CancellationToken.None);
        Assert.True(code == 0, output);

        // Nothing answered was asked again: across all the runs, the server answered exactly the requests of the
        // uninterrupted run (re-asks of a malformed judge reply included), each as often.
        Assert.Equal(Sorted(expected), Sorted(proxy.Answered));
        Assert.Equal(stops.Length, proxy.Held.Count);
        // Each interruption fell in the phase it was meant for, on a request of the uninterrupted run. (Which judge
        // request comes next is not fixed: a benchmark's items are judged concurrently, their calls queued on the judge.)
        Assert.Equal(stops.Select(i => IsPolicy(expected[i])), proxy.Held.Select(IsPolicy));
        Assert.All(proxy.Held, b => Assert.Contains(b, expected));
        Assert.Equal(2 * (stops.Length + 1), proxy.Probes);

        // And the result is the uninterrupted run's, file for file.
        var files = Directory.EnumerateFiles(straight, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(straight, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, Directory.EnumerateFiles(resumed, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(resumed, f)).Order(StringComparer.Ordinal));
        foreach (string benchmark in benchmarks.Select(b => b.Name))
        {
            Assert.Contains(Path.Combine(benchmark, "responses.jsonl"), files);
            Assert.Contains(Path.Combine(benchmark, "scores.json"), files);
        }
        foreach (string file in files)
        {
            string a = File.ReadAllText(Path.Combine(straight, file)), b = File.ReadAllText(Path.Combine(resumed, file));
            switch (file)
            {
                case "report.json":
                    Assert.Equal(WithoutGenerated(a), WithoutGenerated(b));
                    break;
                case "report.md":
                    Assert.Equal(GeneratedCount().Replace(a, "(generated)"), GeneratedCount().Replace(b, "(generated)"));
                    break;
                case var judgments when Path.GetFileName(judgments) == "judgments.jsonl":
                    // Replies are logged in the order they arrive, and items are judged concurrently; each line is
                    // looked up by (id, question, attempt), so the same lines in another order are the same log.
                    Assert.Equal(Sorted(a.Split('\n')), Sorted(b.Split('\n')));
                    break;
                default:
                    Assert.True(a == b, $"{file} differs:\n{a}\n---\n{b}");
                    break;
            }
        }
    }

    private static async Task<(int ExitCode, string Log)> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await CliApp.RunAsync(args, output, error, cancellationToken);
        return (code, error + "\n" + output);
    }

    private static List<string> Sorted(IEnumerable<string> bodies) => [.. bodies.Order(StringComparer.Ordinal)];

    /// <summary>report.json without the per-run count of responses generated (the one field a resumed run changes).</summary>
    private static string WithoutGenerated(string json)
    {
        var report = JsonNode.Parse(json)!;
        foreach (var benchmark in report["benchmarks"]!.AsArray())
            benchmark!.AsObject().Remove("generated");
        return report.ToJsonString();
    }

    [GeneratedRegex(@"\(\d+ generated in this run\)")]
    private static partial Regex GeneratedCount();

    private static void Link(string source, string folder)
    {
        string link = Path.Combine(folder, Path.GetFileName(source));
        if (Directory.Exists(source))
            Directory.CreateSymbolicLink(link, source);
        else
            File.CreateSymbolicLink(link, source);
    }
}
