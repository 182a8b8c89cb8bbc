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
/// GPT-4 rollouts (with and without the language checks) and on maths answers. By default the load and fault runs
/// are done twice, against a round-batching and a continuous-batching server, for a before/after in one run.
/// Results belong in docs/benchmarks.md.
/// </summary>
internal static class ServeBenchCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "Model folder to serve (e.g. a tiny one from `raif model init`).", Required = true };
        var requests = new Option<int>("--requests") { Description = "Chat requests in the load run.", DefaultValueFactory = _ => 2000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once.", DefaultValueFactory = _ => 32 };
        var maxTokens = new Option<int>("--max-tokens") { Description = "max_tokens of each request.", DefaultValueFactory = _ => 16 };
        var drops = new Option<int>("--drops") { Description = "Streams dropped mid-way by their client.", DefaultValueFactory = _ => 64 };
        var ifeval = new Option<string?>("--ifeval-data") { Description = "Folder with IFEval's input_data.jsonl and the GPT-4 responses (shared/data/ifeval) for the reward throughput." };
        var rewardSamples = new Option<int>("--reward-samples") { Description = "Samples per reward throughput run.", DefaultValueFactory = _ => 10_000 };
        var rewardBatch = new Option<int>("--reward-batch") { Description = "Samples per /reward request.", DefaultValueFactory = _ => 256 };
        var threads = new Option<int?>("--server-threads") { Description = "libtorch threads of the server process." };
        var batching = new Option<string>("--batching") { Description = "Scheduler(s) to measure: both (round, then continuous, one server each), continuous or round.", DefaultValueFactory = _ => "both" };
        batching.AcceptOnlyFromAmong("both", "continuous", "round");
        var command = new Command("serve", "Load and fault checks of raif serve over loopback (latency, 5xx, dropped streams, reward throughput).")
        {
            model, requests, concurrency, maxTokens, drops, ifeval, rewardSamples, rewardBatch, threads, batching,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            int n = parse.GetValue(requests), c = parse.GetValue(concurrency), m = parse.GetValue(maxTokens), d = parse.GetValue(drops);
            if (n < 1 || c < 1 || m < 1 || d < 0)
                throw new CliUsageException("--requests, --concurrency and --max-tokens must be at least 1, --drops at least 0");
            string mode = parse.GetValue(batching)!;
            string[] modes = mode == "both" ? ["round", "continuous"] : [mode];
            bool ok = true;
            for (int i = 0; i < modes.Length; i++)
            {
                string load0 = LoadAverage();
                using var server = ServerProcess.Start(parse.GetValue(model)!, parse.GetValue(threads), modes[i]);
                output.WriteLine($"[{modes[i]}] server {server.Url} (pid {server.Pid}); load average {load0}");
                using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4 * c, MaxResponseDrainSize = 0 })
                {
                    BaseAddress = server.Url,
                    Timeout = TimeSpan.FromMinutes(5),
                };
                string modelId = await ModelIdAsync(http, cancellationToken);

                await RunLoadAsync(http, modelId, Math.Min(64, n), c, m, cancellationToken); // warm-up: JIT, first batches
                var run = await RunLoadAsync(http, modelId, n, c, m, cancellationToken);
                output.WriteLine($"[{modes[i]}] load: {n} chat requests ({n / 4} streamed) at {c} concurrent, max_tokens {m}: {run.Wall.TotalSeconds:0.0} s, " +
                    $"{n / run.Wall.TotalSeconds:0.0} req/s; latency p50 {run.Percentile(50):0} ms, p90 {run.Percentile(90):0} ms, p99 {run.Percentile(99):0} ms, max {run.Percentile(100):0} ms; " +
                    $"2xx {run.Ok}, 4xx {run.ClientErrors}, 5xx {run.ServerErrors}, failed connections {run.Exceptions}");

                var dropped = await DropStreamsAsync(http, modelId, d, Math.Max(1, c / 2), cancellationToken);
                var after = await RunLoadAsync(http, modelId, 100, c, m, cancellationToken);
                var health = JsonNode.Parse(await http.GetStringAsync("health", cancellationToken))!;
                var worker = health["worker"];
                output.WriteLine($"[{modes[i]}] faults: {dropped} streams dropped after 2 events; the server ended {worker?["abandoned_rows"]} abandoned rows early; " +
                    $"100 requests after: 2xx {after.Ok}, 5xx {after.ServerErrors}; process alive: {!server.HasExited}; health: {health["status"]}; " +
                    $"largest batch {worker?["largest_batch"]}, decode steps {worker?["decode_steps"]}, prompt tokens {worker?["prompt_tokens"]} (prefilled {worker?["prefill_tokens"]})");

                if (i == modes.Length - 1 && parse.GetValue(ifeval) is { } data)
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
                output.WriteLine($"[{modes[i]}] server peak RSS {server.PeakRssMiB()} MiB; load average {LoadAverage()}; process alive at the end: {!server.HasExited}");
                ok &= run.ServerErrors == 0 && run.Exceptions == 0 && after.ServerErrors == 0 && !server.HasExited;
            }
            return ok ? 0 : 1;
        });
        return command;
    }

    private sealed record LoadRun(TimeSpan Wall, double[] LatenciesMs, int Ok, int ClientErrors, int ServerErrors, int Exceptions)
    {
        public double Percentile(double p)
        {
            if (LatenciesMs.Length == 0)
                return double.NaN;
            var sorted = LatenciesMs.Order().ToArray();
            return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        }
    }

    private static async Task<LoadRun> RunLoadAsync(HttpClient http, string model, int count, int concurrency, int maxTokens, CancellationToken cancellationToken)
    {
        var latencies = new double[count];
        int ok = 0, client = 0, server = 0, failed = 0;
        var wall = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            bool stream = i % 4 == 3;
            string body = JsonSerializer.Serialize(new
            {
                model,
                messages = new[] { new { role = "user", content = $"Request {i}: say something." } },
                max_tokens = maxTokens,
                temperature = 1.0,
                stream,
            });
            var clock = Stopwatch.StartNew();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
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
                    Interlocked.Increment(ref ok);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
            {
                Interlocked.Increment(ref failed);
            }
            latencies[i] = clock.Elapsed.TotalMilliseconds;
        });
        return new LoadRun(wall.Elapsed, latencies, ok, client, server, failed);
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

        public static ServerProcess Start(string model, int? threads, string batching)
        {
            var psi = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (Path.GetFileNameWithoutExtension(psi.FileName) == "dotnet")
                psi.ArgumentList.Add(typeof(CliApp).Assembly.Location);
            foreach (var a in new[] { "serve", "--model", model, "--port", "0", "--no-language-warm-up", "--batching", batching })
                psi.ArgumentList.Add(a);
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
