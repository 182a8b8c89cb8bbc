using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace Raif.Cli.Tests;

/// <summary>
/// `raif data pipeline` end to end against a served model over HTTP (the tiny random model of
/// <see cref="CountingServer"/>), killed mid-stage and resumed. Requests are counted at the server.
/// </summary>
public sealed class DataPipelineCommandTests(ITestOutputHelper output) : IDisposable
{
    private const int Records = 12;

    private readonly string _dir = Directory.CreateTempSubdirectory("raif-data-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string Evolve = $"""
        [evolve]
        offline = true
        count = {Records}
        seed = 3

        """;

    /// <summary>
    /// Offline evolution, then export with the no-CoT reference score asked of the served model (one chat completion
    /// per record). Nothing on this path verifies answers, so every evolved record reaches export.
    /// </summary>
    [Fact]
    public async Task A_pipeline_killed_mid_export_resumes_without_repeating_requests_and_matches_an_uninterrupted_run()
    {
        await using var server = await CountingServer.StartAsync(Path.Combine(_dir, "model"));
        string stages = Evolve + $"""
            [export]
            template = "qwen"

            [export.no_cot_score]
            url = "{server.BaseAddress}v1"
            model = "tiny"
            max_tokens = 24
            concurrency = 2
            """;
        string work = await KillAndResumeAsync(server, stages, "export", ["evolve/ifeval.jsonl", "export/rl.jsonl", "export/sft.jsonl", "export/stats.json", "export/report.md"]);
        string rl = File.ReadAllText(Path.Combine(work, "export", "rl.jsonl"));
        Assert.Equal(Records, rl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(Records, rl.Split("follow_score_qwen2.5-7B-Instruct").Length - 1);
    }

    /// <summary>
    /// The full model path: evolve → respond (the served model as expert) → verify (checks none) → export. The tiny
    /// model cannot reason, so respond drops every record with its reason and export writes empty files with the
    /// drops in its report; the kill lands in respond.
    /// </summary>
    [Fact]
    public async Task A_pipeline_killed_mid_respond_resumes_without_repeating_requests_and_reports_the_drops()
    {
        await using var server = await CountingServer.StartAsync(Path.Combine(_dir, "model"));
        string stages = Evolve + $"""
            [respond]
            url = "{server.BaseAddress}v1"
            model = "tiny"
            max_tokens = 16
            temperature = 0
            concurrency = 2

            [verify]
            checks = "none"

            [export]
            """;
        string work = await KillAndResumeAsync(server, stages, "respond",
            ["respond/respond.jsonl", "respond/respond.drops.jsonl", "verify/verify.jsonl", "export/rl.jsonl", "export/stats.json", "export/report.md"]);
        using var stats = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(work, "export", "stats.json")));
        var respond = stats.RootElement.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == "respond");
        Assert.Equal(Records, respond.GetProperty("input").GetInt64());
        Assert.Equal(Records, respond.GetProperty("dropped").GetInt64());
    }

    /// <summary>
    /// The model evolutions through the CLI over HTTP: [seeds] → [evolve-rules] + [evolve-checklist] → evolved →
    /// export. The tiny random model never writes the asked formats, so with reply_retries = 0 each seed costs one
    /// words request (evolve-rules then fills from the seed's own words) and one evolve request (evolve-checklist drops
    /// it): 2 × 6 requests, 6 ifeval records and no complex ones. A rerun skips every stage and asks nothing.
    /// </summary>
    [Fact]
    public async Task Seeds_feed_the_model_evolutions_over_http_and_a_rerun_asks_nothing()
    {
        await using var server = await CountingServer.StartAsync(Path.Combine(_dir, "model"));
        string[] seeds =
        [
            "Write a short story about a lighthouse keeper who finds a message in a bottle on a stormy night.",
            "Explain how vaccines train the immune system to recognise a virus, for a curious teenager.",
            "Plan a three day walking tour of an old city for a family with two young children.",
            "Describe the main differences between renting and buying a house for a first time buyer.",
            "Compose a polite email asking a colleague to review the quarterly budget report by Friday.",
            "Summarise the reasons why bees matter for farming and what gardeners can do to help them.",
        ];
        File.WriteAllLines(Path.Combine(_dir, "pool.jsonl"), seeds.Select(t => JsonSerializer.Serialize(new { instruction = t })));
        string model = $"url = \"{server.BaseAddress}v1\"\nmodel = \"tiny\"\nmax_tokens = 16\nconcurrency = 2\nreply_retries = 0\n";
        string config = Config("evolutions", $"""
            [seeds]
            inputs = "pool.jsonl"

            [evolve-rules]
            {model}on_broken_reply = "seed-words"

            [evolve-checklist]
            {model}
            [export]
            """);
        int before = server.ChatCompletions;
        var run = RaifProcess.Run(null, "data", "pipeline", "--config", config);
        Assert.True(run.ExitCode == 0, run.StdErr + run.StdOut);
        Assert.Equal(2 * seeds.Length, server.ChatCompletions - before);
        string work = Path.Combine(_dir, "evolutions");
        Assert.Equal(seeds.Length, File.ReadAllLines(Path.Combine(work, "seeds", "seeds.jsonl")).Length);
        var rules = File.ReadAllLines(Path.Combine(work, "evolve-rules", "ifeval.jsonl"));
        Assert.Equal(seeds.Length, rules.Length);
        Assert.Empty(File.ReadAllLines(Path.Combine(work, "evolve-checklist", "complex.jsonl")));
        Assert.Equal(seeds.Length, File.ReadAllLines(Path.Combine(work, "evolve-checklist", "complex.drops.jsonl")).Length);
        Assert.Equal(rules, File.ReadAllLines(Path.Combine(work, "evolved", "evolved.jsonl")));
        Assert.Equal(seeds.Length, File.ReadAllLines(Path.Combine(work, "export", "rl.jsonl")).Length);

        int beforeRerun = server.ChatCompletions;
        var rerun = RaifProcess.Run(null, "data", "pipeline", "--config", config);
        Assert.True(rerun.ExitCode == 0, rerun.StdErr + rerun.StdOut);
        Assert.Equal(0, server.ChatCompletions - beforeRerun);
        foreach (string stage in new[] { "seeds", "evolve-rules", "evolve-checklist", "evolved", "export" })
            Assert.Contains($"{stage}: finished before, skipped", rerun.StdOut, StringComparison.Ordinal);
    }

    /// <summary>
    /// A changed finished stage is refused, naming it; once its folder is deleted, the rerun redoes it and the stage
    /// after it, saying why (offline, no model).
    /// </summary>
    [Fact]
    public void A_redone_stage_redoes_the_stages_after_it()
    {
        string config = Config("redo", Evolve + "[export]\n");
        var run = RaifProcess.Run(null, "data", "pipeline", "--config", config);
        Assert.True(run.ExitCode == 0, run.StdErr + run.StdOut);

        config = Config("redo", Evolve.Replace($"count = {Records}", $"count = {Records + 1}", StringComparison.Ordinal) + "[export]\n");
        var refused = RaifProcess.Run(null, "data", "pipeline", "--config", config);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("stage 'evolve' finished with other settings", refused.StdErr, StringComparison.Ordinal);

        Directory.Delete(Path.Combine(_dir, "redo", "evolve"), recursive: true);
        var redone = RaifProcess.Run(null, "data", "pipeline", "--config", config);
        Assert.True(redone.ExitCode == 0, redone.StdErr + redone.StdOut);
        Assert.Contains("evolve: running", redone.StdOut, StringComparison.Ordinal);
        Assert.Contains("export: its input changed since it ran (an earlier stage was redone); redoing it", redone.StdOut, StringComparison.Ordinal);
        Assert.Equal(Records + 1, File.ReadAllLines(Path.Combine(_dir, "redo", "export", "rl.jsonl")).Length);
    }

    // Runs the pipeline once uninterrupted, then again killed (Process.Kill) once the server has answered 5 of its
    // requests during `stage`, then resumes it; returns the resumed work folder after comparing `files` with the
    // uninterrupted run's.
    private async Task<string> KillAndResumeAsync(CountingServer server, string stages, string stage, string[] files)
    {
        int start = server.ChatCompletions;
        var reference = RaifProcess.Run(null, "data", "pipeline", "--config", Config("reference", stages));
        Assert.True(reference.ExitCode == 0, reference.StdErr + reference.StdOut);
        Assert.Equal(Records, server.ChatCompletions - start); // one request per record

        int before = server.ChatCompletions;
        string config = Config("killed", stages);
        using (var process = RaifProcess.Start("data", "pipeline", "--config", config))
        {
            var clock = Stopwatch.StartNew();
            while (server.ChatCompletions - before < 5 && !process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(120))
                await Task.Delay(5);
            Assert.False(process.HasExited, "the pipeline finished before it could be killed");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        // The killed run's requests in flight finish at the server after the kill; they belong to that run, not to the
        // resumed one counted below.
        await server.SettledAsync(TimeSpan.FromSeconds(60));
        int answeredBeforeKill = server.ChatCompletions - before;
        string work = Path.Combine(_dir, "killed");
        string journal = Path.Combine(work, stage, files.First(f => f.StartsWith(stage + "/", StringComparison.Ordinal))[(stage.Length + 1)..] + ".journal");
        Assert.False(File.Exists(Path.Combine(work, stage, PipelineDone)));
        int journaled = File.ReadAllText(journal).Count(c => c == '\n');
        Assert.InRange(journaled, 1, Records - 1);
        // At most the requests in flight (concurrency 2) were answered but not journaled when the process died.
        Assert.InRange(answeredBeforeKill - journaled, 0, 2);
        output.WriteLine($"{stage}: killed after {answeredBeforeKill} answered requests, {journaled} journaled");

        int beforeResume = server.ChatCompletions;
        var resumed = RaifProcess.Run(null, "data", "pipeline", "--config", config);
        Assert.True(resumed.ExitCode == 0, resumed.StdErr + resumed.StdOut);
        Assert.Contains("evolve: finished before, skipped", resumed.StdOut, StringComparison.Ordinal);
        // Exactly the records that were not journaled were asked again: no journaled request is repeated.
        Assert.Equal(Records - journaled, server.ChatCompletions - beforeResume);
        output.WriteLine($"{stage}: the resumed run asked {server.ChatCompletions - beforeResume} requests");

        foreach (string file in files)
            Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "reference", file)), File.ReadAllBytes(Path.Combine(work, file)));
        return work;
    }

    private const string PipelineDone = ".done";

    private string Config(string name, string stages)
    {
        string path = Path.Combine(_dir, name + ".toml");
        File.WriteAllText(path, $"work = \"{name}\"\n\n" + stages + "\n");
        return path;
    }
}
