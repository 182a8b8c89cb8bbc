using System.Diagnostics;
using Xunit.Abstractions;

namespace Raif.Cli.Tests;

/// <summary>
/// `raif data pipeline` end to end against a served model over HTTP: offline evolution, then export with the no-CoT
/// reference score asked of the tiny model (one chat completion per record). Offline-evolved prompts are never
/// dropped (there is no verify stage on this path), so every record reaches export.
/// </summary>
public sealed class DataPipelineCommandTests(ITestOutputHelper output) : IDisposable
{
    private const int Records = 12;

    private readonly string _dir = Directory.CreateTempSubdirectory("raif-data-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Config(string name, Uri server)
    {
        string path = Path.Combine(_dir, name + ".toml");
        File.WriteAllText(path, $"""
            work = "{name}"

            [evolve]
            offline = true
            count = {Records}
            seed = 3

            [export]
            template = "qwen"

            [export.no_cot_score]
            url = "{server}v1"
            model = "tiny"
            max_tokens = 24
            concurrency = 2
            """);
        return path;
    }

    [Fact]
    public async Task A_pipeline_killed_mid_export_resumes_without_repeating_requests_and_matches_an_uninterrupted_run()
    {
        await using var server = await CountingServer.StartAsync(Path.Combine(_dir, "model"));

        // Uninterrupted: one request per record.
        var reference = RaifProcess.Run(null, "data", "pipeline", "--config", Config("reference", server.BaseAddress));
        Assert.True(reference.ExitCode == 0, reference.StdErr);
        Assert.Equal(Records, server.ChatCompletions);

        // Killed once the server has answered 5 requests of the export stage.
        int before = server.ChatCompletions;
        string config = Config("killed", server.BaseAddress);
        using (var process = RaifProcess.Start("data", "pipeline", "--config", config))
        {
            var clock = Stopwatch.StartNew();
            while (server.ChatCompletions - before < 5 && !process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(120))
                await Task.Delay(5);
            Assert.False(process.HasExited, "the pipeline finished before it could be killed");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        int answeredBeforeKill = server.ChatCompletions - before;
        string work = Path.Combine(_dir, "killed");
        Assert.False(File.Exists(Path.Combine(work, "export", "rl.jsonl")));
        int journaled = File.ReadAllText(Path.Combine(work, "export", "rl.jsonl.journal")).Count(c => c == '\n');
        Assert.InRange(journaled, 1, Records - 1);
        // At most the requests in flight (concurrency 2) were answered but not journaled when the process died.
        Assert.InRange(answeredBeforeKill - journaled, 0, 2);

        output.WriteLine($"killed after {answeredBeforeKill} answered requests, {journaled} journaled");
        int beforeResume = server.ChatCompletions;
        var resumed = RaifProcess.Run(null, "data", "pipeline", "--config", config);
        Assert.True(resumed.ExitCode == 0, resumed.StdErr);
        Assert.Contains("evolve: finished before, skipped", resumed.StdOut, StringComparison.Ordinal);
        // Exactly the records that were not journaled were asked again: no journaled request is repeated.
        Assert.Equal(Records - journaled, server.ChatCompletions - beforeResume);
        output.WriteLine($"resumed run asked {server.ChatCompletions - beforeResume} requests");

        foreach (string file in new[] { "evolve/ifeval.jsonl", "export/rl.jsonl", "export/sft.jsonl", "export/stats.json", "export/report.md" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "reference", file)), File.ReadAllBytes(Path.Combine(work, file)));
        string rl = File.ReadAllText(Path.Combine(work, "export", "rl.jsonl"));
        Assert.Equal(Records, rl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(Records, rl.Split("follow_score_qwen2.5-7B-Instruct").Length - 1);
    }
}
