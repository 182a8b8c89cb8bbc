using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Raif.Core.Templates;

namespace Raif.Cli.Commands;

/// <summary>
/// <c>raif bench serve</c>: load and fault checks of <c>raif serve</c> over loopback. Starts the server as its own
/// process, sends N chat requests (a quarter streamed) at C concurrent, drops D streams mid-way, checks that there
/// was no 5xx and that the process is alive, and measures rule-based reward throughput of <c>/reward</c> on the IFEval
/// GPT-4 rollouts (with and without the language checks) and on maths answers. The load and fault runs are done
/// against each server in turn: another build's (<c>--baseline-server</c>, the before of a before/after), then this
/// build's round and continuous schedulers (and continuous without prefix reuse), each with the lockstep and/or mixed
/// workload (<see cref="ServeBenchWorkload"/>); a table at the end compares them. Results belong in docs/benchmarks.md.
/// </summary>
internal static class ServeBenchCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "Model folder to serve (e.g. a tiny one from `raif model init`).", Required = true };
        var requests = new Option<int>("--requests") { Description = "Chat requests per load run.", DefaultValueFactory = _ => 2000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once.", DefaultValueFactory = _ => 32 };
        var maxTokens = new Option<int>("--max-tokens") { Description = "max_tokens of each request of the lockstep workload.", DefaultValueFactory = _ => 16 };
        var workload = new Option<string>("--workload")
        {
            Description = "lockstep (every request the same max_tokens and prompt shape), mixed (max_tokens and prompt length drawn per request) or both.",
            DefaultValueFactory = _ => "lockstep",
        };
        workload.AcceptOnlyFromAmong("lockstep", "mixed", "both");
        var mixedMaxTokens = new Option<string>("--mixed-max-tokens") { Description = "Mixed workload: range of max_tokens drawn per request (A-B).", DefaultValueFactory = _ => "4-64" };
        var mixedWords = new Option<string>("--mixed-prompt-words") { Description = "Mixed workload: range of filler words added to each prompt (A-B).", DefaultValueFactory = _ => "0-32" };
        var seed = new Option<int>("--seed") { Description = "Seed of the mixed workload's draws.", DefaultValueFactory = _ => 1 };
        var drops = new Option<int>("--drops") { Description = "Streams dropped mid-way by their client.", DefaultValueFactory = _ => 64 };
        var ifeval = new Option<string?>("--ifeval-data") { Description = "Folder with IFEval's input_data.jsonl and the GPT-4 responses (shared/data/ifeval) for the reward throughput." };
        var rewardSamples = new Option<int>("--reward-samples") { Description = "Samples per reward throughput run.", DefaultValueFactory = _ => 10_000 };
        var rewardBatch = new Option<int>("--reward-batch") { Description = "Samples per /reward request.", DefaultValueFactory = _ => 256 };
        var warmup = new Option<int>("--warmup-requests")
        {
            Description = "Requests of each workload sent before the timed run (JIT tiering of the server's hot paths settles; 64 left it recompiling through the run).",
            DefaultValueFactory = _ => 600,
        };
        var threads = new Option<int?>("--server-threads") { Description = "libtorch threads of the server process." };
        var batching = new Option<string>("--batching") { Description = "Scheduler(s) of this build to measure: both (round, then continuous, one server each), continuous or round.", DefaultValueFactory = _ => "both" };
        batching.AcceptOnlyFromAmong("both", "continuous", "round");
        var prefixReuse = new Option<string>("--prefix-reuse") { Description = "Continuous servers of this build: on (default), off (--prefix-reuse-min-tokens 0) or both (one server each).", DefaultValueFactory = _ => "on" };
        prefixReuse.AcceptOnlyFromAmong("on", "off", "both");
        var prefill = new Option<string>("--prefill")
        {
            Description = "Continuous servers of this build: folded (default: joiners' prompts in the decoding step), separate (--prefill separate) or both (one server each).",
            DefaultValueFactory = _ => "folded",
        };
        prefill.AcceptOnlyFromAmong("folded", "separate", "both");
        var baseline = new Option<string?>("--baseline-server") { Description = "raif.dll (or raif executable) of another build, measured first with the same load (the before of a before/after)." };
        var baselineBatching = new Option<string?>("--baseline-batching") { Description = "--batching passed to the baseline server (omit for builds without the option)." };
        var rounds = new Option<int>("--rounds")
        {
            Description = "Rounds of every server's load runs, each round in the opposite order; ratios are taken within a round and their medians summarised (the machine's speed moves between runs).",
            DefaultValueFactory = _ => 1,
        };
        var command = new Command("serve", "Load and fault checks of raif serve over loopback (latency, 5xx, dropped streams, reward throughput).")
        {
            model, requests, concurrency, maxTokens, workload, mixedMaxTokens, mixedWords, seed, drops, ifeval, rewardSamples, rewardBatch, warmup, threads, batching,
            prefixReuse, prefill, baseline, baselineBatching, rounds,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            int n = parse.GetValue(requests), c = parse.GetValue(concurrency), m = parse.GetValue(maxTokens), d = parse.GetValue(drops);
            int warm = parse.GetValue(warmup), roundCount = parse.GetValue(rounds);
            if (n < 1 || c < 1 || m < 1 || d < 0 || warm < 0 || roundCount < 1)
                throw new CliUsageException("--requests, --concurrency, --max-tokens and --rounds must be at least 1, --drops and --warmup-requests at least 0");
            var workloads = ServeBenchWorkload.Named(parse.GetValue(workload)!, n, m, parse.GetValue(mixedMaxTokens)!, parse.GetValue(mixedWords)!, parse.GetValue(seed));
            var targets = Targets(parse.GetValue(batching)!, parse.GetValue(prefixReuse)!, parse.GetValue(prefill)!, parse.GetValue(baseline), parse.GetValue(baselineBatching));
            var rows = new List<(int Round, string Target, string Workload, LoadRun Run, string Freed)>();
            bool ok = true;
            for (int round = 0; round < roundCount; round++)
            foreach (int i in ServeBenchRounds.Order(targets.Count, round))
            {
                var target = targets[i];
                string label = roundCount == 1 ? target.Label : $"{target.Label}, round {round + 1}";
                string load0 = LoadAverage();
                using var server = ServerProcess.Start(target, parse.GetValue(model)!, parse.GetValue(threads));
                output.WriteLine($"[{label}] server {server.Url} (pid {server.Pid}); load average {load0}");
                using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4 * c, MaxResponseDrainSize = 0 })
                {
                    BaseAddress = server.Url,
                    Timeout = TimeSpan.FromMinutes(5),
                };
                string modelId = await ModelIdAsync(http, cancellationToken);

                var runs = new List<(ServeBenchWorkload Workload, LoadRun Run)>();
                foreach (var w in workloads)
                {
                    // Warm-up: the first requests of the workload (repeated if it is shorter), so the timed run meets a settled JIT.
                    if (warm > 0)
                        await RunLoadAsync(http, modelId, [.. Enumerable.Range(0, warm).Select(k => w.Requests[k % w.Requests.Count])], c, cancellationToken);
                    var before = await HealthAsync(http, cancellationToken);
                    var run = await RunLoadAsync(http, modelId, w.Requests, c, cancellationToken);
                    var health = await HealthAsync(http, cancellationToken);
                    output.WriteLine($"[{label}] {w.Name} load: {n} chat requests ({w.Requests.Count(r => r.Stream)} streamed) at {c} concurrent, max_tokens {TokensText(w)}, " +
                        $"{run.CompletionTokens} completion tokens: {run.Wall.TotalSeconds:0.0} s, {n / run.Wall.TotalSeconds:0.0} req/s, {run.CompletionTokens / run.Wall.TotalSeconds:0} tokens/s; " +
                        $"latency p50 {run.Percentile(50):0} ms, p90 {run.Percentile(90):0} ms, p99 {run.Percentile(99):0} ms, max {run.Percentile(100):0} ms; " +
                        $"2xx {run.Ok}, 4xx {run.ClientErrors}, 5xx {run.ServerErrors}, failed connections {run.Exceptions}; " +
                        $"server worker: {WorkerDelta(before, health, run.Wall)}; {run.SlowestText(w.Requests)}");
                    runs.Add((w, run));
                    ok &= run.ServerErrors == 0 && run.Exceptions == 0 && run.ClientErrors == 0;
                }

                long abandonedBefore = (long?)(await HealthAsync(http, cancellationToken))["worker"]?["abandoned_rows"] ?? 0;
                var dropped = await DropStreamsAsync(http, modelId, d, Math.Max(1, c / 2), cancellationToken);
                var after = await RunLoadAsync(http, modelId, ServeBenchWorkload.Lockstep(100, m).Requests, c, cancellationToken);
                var last = await HealthAsync(http, cancellationToken);
                var worker = last["worker"];
                long freed = ((long?)worker?["abandoned_rows"] ?? 0) - abandonedBefore;
                output.WriteLine($"[{label}] faults: {dropped} streams dropped after 2 events; the server ended {freed} abandoned rows early; " +
                    $"100 requests after: 2xx {after.Ok}, 5xx {after.ServerErrors}; process alive: {!server.HasExited}; health: {last["status"]}; " +
                    $"largest batch {worker?["largest_batch"]}, decode steps {worker?["decode_steps"]}, prompt tokens {worker?["prompt_tokens"]} (prefilled {worker?["prefill_tokens"]})");
                foreach (var (w, run) in runs)
                    rows.Add((round, target.Label, w.Name, run, $"{freed} of {dropped}"));

                if (i == targets.Count - 1 && round == roundCount - 1 && parse.GetValue(ifeval) is { } data)
                {
                    int total = parse.GetValue(rewardSamples), batch = parse.GetValue(rewardBatch);
                    var (all, withoutLanguage) = IfevalSamples(data);
                    foreach (var (name, set) in new[] { ("ifeval, all 541 (language checks included)", all), ($"ifeval without language checks ({withoutLanguage.Count} prompts)", withoutLanguage), ("maths (boxed answers)", MathsSamples()) })
                    {
                        await ScoreAsync(http, set, set.Count, batch, cancellationToken); // warm-up: JIT and the language profiles, once
                        var (seconds, errors) = await ScoreAsync(http, set, total, batch, cancellationToken);
                        output.WriteLine($"rewards: {name}: {total} samples in batches of {batch}, 2 requests in flight: {seconds:0.00} s, {total / seconds:0} samples/s, {errors} sample errors");
                    }
                }
                output.WriteLine($"[{label}] server peak RSS {server.PeakRssMiB()} MiB; load average {LoadAverage()}; process alive at the end: {!server.HasExited}");
                ok &= after.ServerErrors == 0 && !server.HasExited;
            }
            WriteTable(output, rows, roundCount, targets[0].Label);
            if (roundCount > 1 && targets.Count > 1)
                WriteMedians(output, rows, targets[0].Label);
            return ok ? 0 : 1;
        });
        return command;
    }

    /// <summary>A server to measure: this build (<see cref="Program"/> null) or another build's raif.</summary>
    /// <summary>A server to measure: this build (<see cref="Program"/> null) or another build's raif; null options are not passed.</summary>
    internal sealed record ServerTarget(string Label, string? Program, string? Batching, int? PrefixReuseMinTokens, string? Prefill = null);

    /// <summary>The servers to start, in order: the baseline build, then this build's round and continuous servers
    /// (one per prefix-reuse and prefill choice).</summary>
    internal static List<ServerTarget> Targets(string batching, string prefixReuse, string prefill, string? baseline, string? baselineBatching)
    {
        var targets = new List<ServerTarget>();
        if (baseline is not null)
        {
            if (!File.Exists(baseline))
                throw new CliUsageException($"--baseline-server: {baseline} does not exist");
            targets.Add(new ServerTarget(baselineBatching is null ? "baseline" : $"baseline {baselineBatching}", Path.GetFullPath(baseline), baselineBatching, null));
        }
        if (batching is "both" or "round")
            targets.Add(new ServerTarget("round", null, "round", null));
        if (batching is "both" or "continuous")
        {
            foreach (string p in prefill == "both" ? ["folded", "separate"] : new[] { prefill })
            {
                string suffix = p == "separate" ? ", separate prefill" : "";
                string? option = p == "separate" ? "separate" : null;
                if (prefixReuse is "on" or "both")
                    targets.Add(new ServerTarget("continuous" + suffix, null, "continuous", null, option));
                if (prefixReuse is "off" or "both")
                    targets.Add(new ServerTarget("continuous, no prefix reuse" + suffix, null, "continuous", 0, option));
            }
        }
        return targets;
    }

    private static string TokensText(ServeBenchWorkload w)
    {
        int min = w.Requests.Min(r => r.MaxTokens), max = w.Requests.Max(r => r.MaxTokens);
        return min == max ? $"{min}" : $"{min}-{max} (mean {w.Requests.Average(r => r.MaxTokens):0.0})";
    }

    private static async Task<JsonNode> HealthAsync(HttpClient http, CancellationToken cancellationToken) =>
        JsonNode.Parse(await http.GetStringAsync("health", cancellationToken))!;

    // What the server's model thread did during a load run (continuous servers of builds that count it).
    private static string WorkerDelta(JsonNode before, JsonNode after, TimeSpan wall)
    {
        double Delta(string name) => ((double?)after["worker"]?[name] ?? double.NaN) - ((double?)before["worker"]?[name] ?? double.NaN);
        double steps = Delta("decode_steps"), stepSeconds = Delta("step_seconds"), prefillSeconds = Delta("prefill_seconds");
        if (double.IsNaN(stepSeconds) || steps == 0)
            return "n/a";
        return $"{steps:0} decode steps, {Delta("generation_batches"):0} joins, {stepSeconds:0.00} s in steps ({1000 * stepSeconds / Math.Max(1, steps):0.00} ms each), {prefillSeconds:0.00} s prefilling; " +
            $"busy {(stepSeconds + prefillSeconds) / wall.TotalSeconds:P0} of the wall";
    }

    private static void WriteTable(TextWriter output, List<(int Round, string Target, string Workload, LoadRun Run, string Freed)> rows, int roundCount, string reference)
    {
        output.WriteLine();
        output.WriteLine("| server | workload | wall | throughput | tokens/s | p50 | p90 | p99 | errors | dropped streams freed |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (round, name, workload, run, freed) in rows.OrderBy(r => r.Round))
        {
            // Ratios against the first server's run of the same workload in the same round (the baseline when one is given).
            string target = roundCount == 1 ? name : $"{name}, round {round + 1}";
            var first = rows.FirstOrDefault(r => r.Round == round && r.Target == reference && r.Workload == workload).Run ?? run;
            double n = run.LatenciesMs.Length;
            string ratio = ReferenceEquals(first, run) ? "" : $" ({first.Wall.TotalSeconds / run.Wall.TotalSeconds:0.00}x)";
            string p99 = ReferenceEquals(first, run) ? "" : $" ({run.Percentile(99) / first.Percentile(99):0.00}x)";
            int errors = run.ClientErrors + run.ServerErrors + run.Exceptions;
            output.WriteLine($"| {target} | {workload} | {run.Wall.TotalSeconds:0.0} s | {n / run.Wall.TotalSeconds:0.0} req/s{ratio} | {run.CompletionTokens / run.Wall.TotalSeconds:0} | " +
                $"{run.Percentile(50):0} ms | {run.Percentile(90):0} ms | {run.Percentile(99):0} ms{p99} | {errors} | {freed} |");
        }
    }

    private static void WriteMedians(TextWriter output, List<(int Round, string Target, string Workload, LoadRun Run, string Freed)> rows, string reference)
    {
        var results = rows.Select(r => new ServeBenchResult(r.Round, r.Target, r.Workload, r.Run.Wall.TotalSeconds, r.Run.Percentile(99))).ToList();
        output.WriteLine();
        output.WriteLine($"Paired ratios against {reference}, one per round (the medians in bold):");
        output.WriteLine();
        output.WriteLine("| server | workload | throughput | p99 |");
        output.WriteLine("|---|---|---|---|");
        foreach (var r in ServeBenchRounds.Ratios(results, reference))
        {
            output.WriteLine($"| {r.Target} | {r.Workload} | **{r.MedianThroughput:0.00}x** ({string.Join(", ", r.Throughput.Select(x => $"{x:0.00}"))}) | " +
                $"**{r.MedianP99:0.00}x** ({string.Join(", ", r.P99.Select(x => $"{x:0.00}"))}) |");
        }
    }

    /// <param name="StartsMs">When each request was sent, from the start of the run.</param>
    /// <param name="TokensPerRequest">Completion tokens of each request (0 when it failed).</param>
    private sealed record LoadRun(
        TimeSpan Wall, double[] LatenciesMs, double[] StartsMs, long[] TokensPerRequest, int Ok, int ClientErrors, int ServerErrors, int Exceptions, long CompletionTokens)
    {
        /// <summary>What the slowest 1 % of requests have in common: when they were sent and how long they were, against all.</summary>
        public string SlowestText(IReadOnlyList<ServeBenchRequest> requests)
        {
            int k = Math.Max(1, LatenciesMs.Length / 100);
            var slow = Enumerable.Range(0, LatenciesMs.Length).OrderByDescending(i => LatenciesMs[i]).Take(k).ToArray();
            return $"slowest 1 % ({k}): sent at {slow.Min(i => StartsMs[i]) / 1000:0.0}-{slow.Max(i => StartsMs[i]) / 1000:0.0} s, " +
                $"{slow.Average(i => (double)TokensPerRequest[i]):0.0} completion tokens each (all: {TokensPerRequest.Average():0.0}), {slow.Count(i => requests[i].Stream)} streamed";
        }

        public double Percentile(double p)
        {
            if (LatenciesMs.Length == 0)
                return double.NaN;
            var sorted = LatenciesMs.Order().ToArray();
            return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        }
    }

    private static readonly JsonSerializerOptions OmitNulls = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private static async Task<LoadRun> RunLoadAsync(HttpClient http, string model, IReadOnlyList<ServeBenchRequest> requests, int concurrency, CancellationToken cancellationToken)
    {
        int count = requests.Count;
        var latencies = new double[count];
        var starts = new double[count];
        var perRequest = new long[count];
        int ok = 0, client = 0, server = 0, failed = 0;
        long tokens = 0;
        // Bodies are built before the clock starts, as for the reward runs.
        var bodies = requests.Select(r => JsonSerializer.Serialize(new
        {
            model,
            messages = new[] { new { role = "user", content = r.Content } },
            max_tokens = r.MaxTokens,
            temperature = 1.0,
            stream = r.Stream,
            stream_options = r.Stream ? new { include_usage = true } : null, // left out of plain requests
        }, OmitNulls)).ToArray();
        var wall = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            bool stream = requests[i].Stream;
            starts[i] = wall.Elapsed.TotalMilliseconds;
            var clock = Stopwatch.StartNew();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(bodies[i], Encoding.UTF8, "application/json") };
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                string text = await response.Content.ReadAsStringAsync(ct);
                int status = (int)response.StatusCode;
                if (status >= 500)
                    Interlocked.Increment(ref server);
                else if (status >= 400)
                    Interlocked.Increment(ref client);
                else if (stream && !text.Contains("data: [DONE]", StringComparison.Ordinal))
                    Interlocked.Increment(ref failed);
                else
                {
                    Interlocked.Increment(ref ok);
                    perRequest[i] = CompletionTokens(text);
                    Interlocked.Add(ref tokens, perRequest[i]);
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
            {
                Interlocked.Increment(ref failed);
            }
            latencies[i] = clock.Elapsed.TotalMilliseconds;
        });
        return new LoadRun(wall.Elapsed, latencies, starts, perRequest, ok, client, server, failed, tokens);
    }

    /// <summary>The last <c>usage.completion_tokens</c> in a response (a stream's usage chunk comes last); 0 when none.</summary>
    internal static int CompletionTokens(string responseText)
    {
        const string key = "\"completion_tokens\":";
        int at = responseText.LastIndexOf(key, StringComparison.Ordinal);
        if (at < 0)
            return 0;
        int start = at + key.Length, end = start;
        while (end < responseText.Length && (char.IsAsciiDigit(responseText[end]) || (end == start && responseText[end] == ' ')))
            end++;
        return int.TryParse(responseText.AsSpan(start, end - start), System.Globalization.NumberStyles.AllowLeadingWhite, System.Globalization.CultureInfo.InvariantCulture, out int value) ? value : 0;
    }

    // Streams whose client reads two events and closes the connection.
    private static async Task<int> DropStreamsAsync(HttpClient http, string model, int count, int concurrency, CancellationToken cancellationToken)
    {
        int dropped = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            string body = JsonSerializer.Serialize(new
            {
                model,
                messages = new[] { new { role = "user", content = $"Stream {i}" } },
                max_tokens = 256,
                ignore_eos = true,
                stream = true,
            });
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
            int events = 0;
            while (events < 2 && await reader.ReadLineAsync(ct) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                    events++;
            }
            Interlocked.Increment(ref dropped);
        });
        return dropped;
    }

    private static async Task<(double Seconds, int Errors)> ScoreAsync(HttpClient http, List<(string Query, string Label)> set, int total, int batch, CancellationToken cancellationToken)
    {
        // Bodies are built before the clock starts: the client's JSON work is not the server's throughput.
        var bodies = new List<string>();
        for (int start = 0; start < total; start += batch)
        {
            var slice = Enumerable.Range(start, Math.Min(batch, total - start)).Select(i => set[i % set.Count]).ToArray();
            bodies.Add(JsonSerializer.Serialize(new { query = slice.Select(s => s.Query), labels = slice.Select(s => s.Label) }));
        }
        int errors = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, async (body, ct) =>
        {
            using var response = await http.PostAsync("reward", new StringContent(body, Encoding.UTF8, "application/json"), ct);
            response.EnsureSuccessStatusCode();
            var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
            Interlocked.Add(ref errors, answer["extra_logs"]!["error"]!.AsArray().Sum(e => (int)e!));
        });
        return (clock.Elapsed.TotalSeconds, errors);
    }

    private static (List<(string, string)> All, List<(string, string)> WithoutLanguage) IfevalSamples(string folder)
    {
        string inputs = Path.Combine(folder, "input_data.jsonl");
        string responsesFile = Path.Combine(folder, "input_response_data_gpt4_20231107_145030_key2785fixed.jsonl");
        if (!File.Exists(inputs) || !File.Exists(responsesFile))
            throw new CliUsageException($"{folder}: expected input_data.jsonl and input_response_data_gpt4_20231107_145030_key2785fixed.jsonl");
        var responses = File.ReadLines(responsesFile).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!)
            .ToDictionary(r => (string)r["prompt"]!, r => (string)r["response"]!);
        var all = new List<(string, string)>();
        var plain = new List<(string, string)>();
        foreach (var line in File.ReadLines(inputs).Where(l => l.Length > 0))
        {
            var row = JsonNode.Parse(line)!;
            string prompt = ChatTemplates.Qwen.RenderPrompt(CotTrigger.SystemPrompt(null), (string)row["prompt"]!);
            string query = prompt + "plan</think><answer>" + responses[(string)row["prompt"]!] + "</answer><|im_end|>";
            var ids = row["instruction_id_list"]!.AsArray().Select(i => (string)i!).ToList();
            string label = new JsonObject { ["instruction_id_list"] = row["instruction_id_list"]!.DeepClone(), ["kwargs"] = row["kwargs"]!.DeepClone() }.ToJsonString();
            all.Add((query, label));
            if (!ids.Any(i => i.StartsWith("language:", StringComparison.Ordinal) || i.StartsWith("change_case:english", StringComparison.Ordinal)))
                plain.Add((query, label));
        }
        return (all, plain);
    }

    private static List<(string, string)> MathsSamples()
    {
        string prompt = ChatTemplates.Qwen.RenderPrompt(CotTrigger.SystemPrompt(null), "Compute the sum.");
        return [.. Enumerable.Range(0, 500).Select(i => (
            prompt + $"We add the numbers step by step and get {i}.</think><answer>The sum is \\boxed{{\\frac{{{2 * i}}}{{2}}}}.</answer><|im_end|>",
            (i % 3 == 0 ? i + 1 : i).ToString(System.Globalization.CultureInfo.InvariantCulture)))];
    }

    private static async Task<string> ModelIdAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var models = JsonNode.Parse(await http.GetStringAsync("v1/models", cancellationToken))!;
        return (string?)models["data"]?[0]?["id"] ?? throw new CliUsageException("the server lists no model");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>A <c>raif serve</c> child process on a free loopback port.</summary>
    private sealed class ServerProcess : IDisposable
    {
        private readonly Process _process;

        private ServerProcess(Process process, Uri url)
        {
            _process = process;
            Url = url;
        }

        public Uri Url { get; }

        public int Pid => _process.Id;

        public bool HasExited => _process.HasExited;

        public static ServerProcess Start(ServerTarget target, string model, int? threads)
        {
            // Another build's raif.dll runs under dotnet; this build runs as this process was started.
            bool dll = target.Program?.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ?? false;
            var psi = new ProcessStartInfo(dll ? "dotnet" : target.Program ?? Environment.ProcessPath ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (dll)
                psi.ArgumentList.Add(target.Program!);
            else if (target.Program is null && Path.GetFileNameWithoutExtension(psi.FileName) == "dotnet")
                psi.ArgumentList.Add(typeof(CliApp).Assembly.Location);
            foreach (var a in new[] { "serve", "--model", model, "--port", "0", "--no-language-warm-up" })
                psi.ArgumentList.Add(a);
            if (target.Batching is { } batching)
            {
                psi.ArgumentList.Add("--batching");
                psi.ArgumentList.Add(batching);
            }
            if (target.PrefixReuseMinTokens is { } prefix)
            {
                psi.ArgumentList.Add("--prefix-reuse-min-tokens");
                psi.ArgumentList.Add(prefix.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            if (target.Prefill is { } prefill)
            {
                psi.ArgumentList.Add("--prefill");
                psi.ArgumentList.Add(prefill);
            }
            if (threads is { } t)
            {
                psi.ArgumentList.Add("--threads");
                psi.ArgumentList.Add(t.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start raif serve");
            var errors = new StringBuilder();
            process.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
            process.BeginErrorReadLine();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromMinutes(3))
            {
                string? line = process.StandardOutput.ReadLine();
                if (line is null)
                    break;
                const string marker = "listening on ";
                if (line.StartsWith(marker, StringComparison.Ordinal))
                {
                    string url = line[marker.Length..].Split(' ')[0];
                    process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
                    return new ServerProcess(process, new Uri(url + "/"));
                }
            }
            process.Kill(entireProcessTree: true);
            lock (errors)
                throw new CliUsageException($"raif serve did not start: {errors}");
        }

        public long PeakRssMiB()
        {
            string status = $"/proc/{_process.Id}/status";
            if (_process.HasExited || !File.Exists(status))
                return -1;
            var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
            _process.Dispose();
        }
    }
}
