using System.Diagnostics;
using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Core.Records;
using Raif.Core.Templates;
using Raif.Modeling;
using Raif.Modeling.Runtime;
using Raif.Training.Algorithms;
using Raif.Training.Config;
using Raif.Training.Data;
using Raif.Training.Evaluation;
using Raif.Training.Learning;
using Raif.Training.Metrics;
using Raif.Training.Rollouts;

namespace Raif.Training.Tiny;

/// <summary>A phase of the preset and how far it is, for the console.</summary>
public readonly record struct PresetProgress(string Phase, int Done, int Total, string Detail = "");

/// <summary>
/// The built-in miniature of the paper: build the world and a tokenizer, train a tiny Qwen2 model from scratch by
/// behaviour cloning to an imperfect start, evaluate it on held-out instructions with unseen rule combinations,
/// train it with RAIF, evaluate again, and write <c>report.json</c>, <c>metrics.jsonl</c> and plots.
/// </summary>
public static class TinyPreset
{
    public const string Task = "ifeval";
    public const string EndOfTurn = "<|im_end|>";

    public static async Task<TinyReport> RunAsync(TinyPresetOptions options, IProgress<PresetProgress>? progress = null, IProgress<TrainingProgress>? training = null, CancellationToken cancellationToken = default)
    {
        var wall = Stopwatch.StartNew();
        TorchRuntime.SetThreads(options.Threads > 0 ? options.Threads : Environment.ProcessorCount);
        // The preset always starts from nothing; writing into an earlier run's folder would mix two runs.
        if (Directory.Exists(options.OutputDir) && Directory.EnumerateFileSystemEntries(options.OutputDir).Any())
            throw new ArgumentException($"{options.OutputDir} is not empty; choose a new --out folder for the preset");
        Directory.CreateDirectory(options.OutputDir);
        var template = ChatTemplates.Qwen;

        progress?.Report(new PresetProgress("world", 0, 1));
        var world = TinyWorld.Create(options.World with { Seed = options.Seed });
        var scorer = new RaifRewardScorer();
        var heldOut = world.HeldOut.Take(options.EvaluationPrompts)
            .Select(t => new EvaluationPrompt(t.Prompt(template), t.Target(), Task)).ToList();

        // 1. A random model and its tokenizer, then behaviour cloning to an imperfect start.
        using var policy = TinyModelFactory.CreateRandom(world, options.Shape, Path.Combine(options.OutputDir, "init"), options.Seed);
        var pretrainData = PretrainingSequences(world, policy, template);
        var clock = Stopwatch.StartNew();
        var pretrainLosses = SupervisedTrainer.Train(policy, pretrainData,
            new SupervisedOptions(options.PretrainSteps, options.PretrainBatchSize, options.PretrainLearningRate, options.Seed),
            new Progress<SupervisedProgress>(p => progress?.Report(new PresetProgress("behaviour cloning", p.Step, p.TotalSteps, $"loss {p.Loss:F3}"))),
            cancellationToken);
        double pretrainSeconds = clock.Elapsed.TotalSeconds;
        string startDir = Path.Combine(options.OutputDir, "start");
        policy.Save(startDir);

        progress?.Report(new PresetProgress("evaluate start", 0, 2));
        var before = await EvaluateAsync(policy, heldOut, scorer, options.MaxNewTokens, cancellationToken).ConfigureAwait(false);
        progress?.Report(new PresetProgress("evaluate start", 2, 2, $"held-out prompt-strict {before.PromptStrict:P1}"));

        // 2. RAIF.
        var rlPrompts = world.Training.Select(t => new RlPrompt(t.Prompt(template), t.Target(), Task)).ToList();
        var sftPairs = world.Training.Select(t => new SftPair(t.Prompt(template), t.ExpertCompletion + EndOfTurn)).ToList();
        var arms = new List<TinyArm>();
        var main = await TrainArmAsync("raif", options.Rl, options, startDir, rlPrompts, sftPairs, heldOut, scorer, training, cancellationToken).ConfigureAwait(false);
        arms.Add(main);
        if (options.Ablation)
        {
            foreach (var (name, sup, bc) in new[] { ("grpo", false, false), ("grpo+supcot", true, false), ("grpo+bc", false, true) })
            {
                progress?.Report(new PresetProgress($"ablation arm {name}", 0, 1));
                var rl = options.Rl with
                {
                    SuperiorCot = sup ? options.Rl.SuperiorCot : SuperiorCotMode.Off,
                    BehaviourCloningCoefficient = bc ? options.Rl.BehaviourCloningCoefficient : 0,
                };
                arms.Add(await TrainArmAsync(name, rl, options, startDir, rlPrompts, sftPairs, heldOut, scorer, training, cancellationToken).ConfigureAwait(false));
            }
        }

        var report = new TinyReport
        {
            WallSeconds = wall.Elapsed.TotalSeconds,
            Seed = options.Seed,
            HeldOutPrompts = heldOut.Count,
            TrainingPrompts = rlPrompts.Count,
            Parameters = policy.Module.parameters().Sum(p => p.numel()),
            PretrainSeconds = pretrainSeconds,
            RlSeconds = main.TrainSeconds,
            RlSteps = options.Rl.MaxSteps,
            Before = before,
            After = main.After,
            Arms = arms,
        };
        AtomicFile.WriteAllText(Path.Combine(options.OutputDir, "report.json"), JsonSerializer.Serialize(report, ReportJson));
        AtomicFile.WriteAllText(Path.Combine(options.OutputDir, "pretrain_losses.json"), JsonSerializer.Serialize(pretrainLosses));
        return report;
    }

    private static readonly JsonSerializerOptions ReportJson = new(JsonlWriter.Options) { WriteIndented = true };

    private static async Task<TinyArm> TrainArmAsync(
        string name, TrainerOptions rl, TinyPresetOptions options, string startDir, IReadOnlyList<RlPrompt> prompts, IReadOnlyList<SftPair> sftPairs,
        IReadOnlyList<EvaluationPrompt> heldOut, IRolloutScorer scorer, IProgress<TrainingProgress>? training, CancellationToken cancellationToken)
    {
        string dir = options.Ablation ? Path.Combine(options.OutputDir, "arms", name) : Path.Combine(options.OutputDir, "rl");
        using var policy = LanguageModel.Load(startDir);
        using var reference = rl.KlCoefficient > 0 ? policy.FrozenCopy() : null;
        var sft = rl.BehaviourCloningCoefficient > 0
            ? new SftStream(sftPairs, policy.Tokenizer, EndOfTurn, rl.MaxPromptLength + rl.MaxGenerationLength, rl.BehaviourCloningScope, rl.Seed)
            : null;
        using var trainer = new RaifTrainer(rl with { Seed = options.Seed }, policy, reference, scorer, prompts, sft, dir);
        var summary = await trainer.RunAsync(training, cancellationToken).ConfigureAwait(false);
        MetricsPlotter.Plot(MetricsLog.Read(trainer.MetricsPath), Path.Combine(dir, "plots"));
        var after = await EvaluateAsync(policy, heldOut, scorer, options.MaxNewTokens, cancellationToken).ConfigureAwait(false);
        return new TinyArm(name, rl.SuperiorCot != SuperiorCotMode.Off, rl.BehaviourCloningCoefficient > 0, after, summary.WallSeconds, dir);
    }

    private static async Task<TinyAccuracy> EvaluateAsync(LanguageModel model, IReadOnlyList<EvaluationPrompt> heldOut, IRolloutScorer scorer, int maxNewTokens, CancellationToken ct)
    {
        var cot = await InstructionEvaluator.EvaluateAsync(model, heldOut, withReasoning: true, scorer, maxNewTokens, cancellationToken: ct).ConfigureAwait(false);
        var noCot = await InstructionEvaluator.EvaluateAsync(model, heldOut, withReasoning: false, scorer, maxNewTokens, cancellationToken: ct).ConfigureAwait(false);
        return TinyAccuracy.From(cot, noCot);
    }

    /// <summary>
    /// The start model's curriculum: every training instruction once with the expert's reasoning and once answered
    /// directly after an empty reasoning block, so the start model can work both ways (as an instruct model can).
    /// </summary>
    internal static List<TokenizedSequence> PretrainingSequences(TinyWorld world, LanguageModel model, ChatTemplate template)
    {
        var tokenizer = model.Tokenizer;
        var data = new List<TokenizedSequence>(world.Training.Count * 2);
        foreach (var task in world.Training)
        {
            string prompt = task.Prompt(template);
            int[] p = tokenizer.Encode(prompt);
            data.Add(new TokenizedSequence([.. p, .. tokenizer.Encode(task.ExpertCompletion + EndOfTurn)], p.Length));
            int[] q = tokenizer.Encode(ThinkPrefill.MakeNoCot(prompt));
            data.Add(new TokenizedSequence([.. q, .. tokenizer.Encode($"<answer>\n{task.ExpertAnswer}\n</answer>{EndOfTurn}")], q.Length));
        }
        return data;
    }
}
