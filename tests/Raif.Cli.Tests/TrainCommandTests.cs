using System.Diagnostics;
using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Core.Templates;
using Raif.Training.Tiny;

namespace Raif.Cli.Tests;

/// <summary>`raif train` on a model folder, end to end in a separate process, including a crash and a resume.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Setup()
    {
        var world = TinyWorld.Create(new TinyWorldOptions(40, 4, Seed: 9));
        var shape = new TinyModelShape(HiddenSize: 32, Layers: 2, Heads: 2, KeyValueHeads: 1, IntermediateSize: 64, Merges: 120);
        using (var model = TinyModelFactory.CreateRandom(world, shape, Path.Combine(_dir, "init"), 4))
            model.Save(Path.Combine(_dir, "model"));
        JsonlWriter.WriteAll(Path.Combine(_dir, "prompts.jsonl"),
            world.Training.Select(t => new { input = t.Prompt(ChatTemplates.Qwen), target = t.Target(), task = "ifeval" }));
        JsonlWriter.WriteAll(Path.Combine(_dir, "sft.jsonl"),
            world.Training.Select(t => new { question = t.Prompt(ChatTemplates.Qwen), answer = t.ExpertCompletion }));
        string config = Path.Combine(_dir, "run.toml");
        File.WriteAllText(config, $"""
            policy_model = "{Path.Combine(_dir, "model")}"
            prompt_data = "{Path.Combine(_dir, "prompts.jsonl")}"
            sft_data = "{Path.Combine(_dir, "sft.jsonl")}"
            rollout_batch_size = 2
            samples_per_prompt = 4
            no_cot_samples = 1
            train_batch_size = 4
            micro_batch_size = 2
            max_generation_length = 12
            max_steps = 4
            checkpoint_interval = 1
            checkpoints_kept = 5
            learning_rate = 0.001
            threads = 1
            """);
        return config;
    }

    [Fact]
    public void Killed_after_a_checkpoint_and_resumed_gives_bit_identical_weights()
    {
        string config = Setup();
        string straight = Path.Combine(_dir, "straight");
        var a = RaifProcess.Run(null, "train", "--config", config, "--out", straight);
        Assert.True(a.ExitCode == 0, a.StdErr + a.StdOut);

        // Second run: SIGKILL as soon as the second checkpoint is complete, then resume.
        string crashed = Path.Combine(_dir, "crashed");
        using (var process = RaifProcess.Start("train", "--config", config, "--out", crashed))
        {
            string marker = Path.Combine(crashed, "checkpoints", "step-000002", "trainer_state.json");
            var clock = Stopwatch.StartNew();
            while (!File.Exists(marker) && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(3))
                Thread.Sleep(20);
            Assert.True(File.Exists(marker), "the run never wrote its second checkpoint");
            process.Kill(); // SIGKILL on Linux: no cleanup runs
            process.WaitForExit();
        }
        Assert.False(File.Exists(Path.Combine(crashed, "checkpoints", "step-000004", "trainer_state.json")), "the run finished before it could be killed");
        var b = RaifProcess.Run(null, "train", "--config", config, "--out", crashed, "--resume");
        Assert.True(b.ExitCode == 0, b.StdErr + b.StdOut);
        Assert.Contains("resumed at step", b.StdOut);

        byte[] expected = File.ReadAllBytes(Path.Combine(straight, "checkpoints", "step-000004", "model", "model.safetensors"));
        byte[] actual = File.ReadAllBytes(Path.Combine(crashed, "checkpoints", "step-000004", "model", "model.safetensors"));
        Assert.Equal(expected.Length, actual.Length);
        Assert.True(expected.AsSpan().SequenceEqual(actual), "resumed weights differ from the uninterrupted run");

        // The metrics log holds each step once, with the same rewards as the uninterrupted run.
        double[] Rewards(string run) => File.ReadLines(Path.Combine(run, "metrics.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("reward").GetDouble()).ToArray();
        int[] Steps(string run) => File.ReadLines(Path.Combine(run, "metrics.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("step").GetInt32()).ToArray();
        Assert.Equal([1, 2, 3, 4], Steps(crashed));
        Assert.Equal(Rewards(straight), Rewards(crashed));
    }

    [Fact]
    public void A_second_run_into_the_same_folder_needs_resume()
    {
        string config = Setup();
        string output = Path.Combine(_dir, "out");
        var first = RaifProcess.Run(null, "train", "--config", config, "--out", output, "--set", "max_steps=1");
        Assert.True(first.ExitCode == 0, first.StdErr);
        var second = RaifProcess.Run(null, "train", "--config", config, "--out", output, "--set", "max_steps=1");
        Assert.Equal(2, second.ExitCode);
        Assert.Contains("--resume", second.StdErr);
    }

    [Fact]
    public void Config_errors_name_file_line_and_key()
    {
        string bad = Path.Combine(_dir, "bad.toml");
        File.WriteAllText(bad, "seed = 1\nrollout_batch = 4\n");
        var result = RaifProcess.Run(null, "train", "--config", bad);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{bad}:2: unknown key 'rollout_batch' (did you mean 'rollout_batch_size'?)", result.StdErr);
    }

    [Fact]
    public void List_settings_prints_every_key_with_its_default()
    {
        var result = RaifProcess.Run(null, "train", "--list-settings");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("kl_coefficient", result.StdOut);
        Assert.Matches(@"learning_rate\s+1E-06", result.StdOut);
        Assert.Matches(@"samples_per_prompt\s+8 ", result.StdOut);
    }
}
