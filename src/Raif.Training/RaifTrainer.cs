using System.Diagnostics;
using Raif.Core.Records;
using Raif.Core.Responses;
using Raif.Modeling;
using Raif.Modeling.Generation;
using Raif.Training.Algorithms;
using Raif.Training.Checkpoints;
using Raif.Training.Config;
using Raif.Training.Data;
using Raif.Training.Learning;
using Raif.Training.Metrics;
using Raif.Training.Rollouts;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Raif.Training;

/// <summary>
/// The RAIF trainer (spec §7–8). One step: plan rollouts (CoT and no-CoT prompts) → generate with the policy →
/// score → group-normalised advantages → superior-CoT filter → clipped policy gradient + β·k3 KL to the reference +
/// c·behaviour cloning → optimizer updates. Checkpoints (HF layout + trainer state) are written atomically and a
/// resumed run continues bit for bit.
/// </summary>
public sealed class RaifTrainer : IDisposable
{
    private readonly TrainerOptions _options;
    private readonly LanguageModel _policy;
    private readonly LanguageModel? _reference;
    private readonly IRolloutScorer _scorer;
    private readonly PromptStream _prompts;
    private readonly SftStream? _sft;
    private readonly string _outputDir;
    private readonly AdamW _optimizer;
    private readonly LearningRateSchedule _schedule;
    private readonly int _padId;
    private readonly Dictionary<string, int[]> _promptIds = new(StringComparer.Ordinal);
    private DataCursor _cursor;
    private int _step;
    private int _updates;

    /// <param name="policy">The model being trained (its weights change).</param>
    /// <param name="reference">Frozen reference for the KL term; null only when the KL coefficient is 0.</param>
    /// <param name="sft">Behaviour-cloning examples; null only when the BC coefficient is 0.</param>
    public RaifTrainer(
        TrainerOptions options, LanguageModel policy, LanguageModel? reference, IRolloutScorer scorer,
        IReadOnlyList<RlPrompt> prompts, SftStream? sft, string outputDir)
    {
        TrainerOptionsBinder.Validate(options with { PolicyModel = null, ReferenceModel = null, JudgeModel = null, PromptData = null, SftData = null });
        if (options.KlCoefficient > 0 && reference is null)
            throw new ArgumentException("a reference model is required when kl_coefficient > 0", nameof(reference));
        if (options.BehaviourCloningCoefficient > 0 && sft is null)
            throw new ArgumentException("behaviour-cloning data is required when behaviour_cloning_coefficient > 0", nameof(sft));
        if (prompts.Count == 0)
            throw new ArgumentException("no RL prompts", nameof(prompts));
        _options = options;
        _policy = policy;
        _reference = reference;
        _scorer = scorer;
        _prompts = new PromptStream(prompts, options.Seed);
        _sft = sft;
        _outputDir = outputDir;
        Directory.CreateDirectory(outputDir);
        _padId = policy.Tokenizer.PadTokenId ?? policy.DefaultGenerationOptions().PadTokenId ?? 0;
        TotalSteps = options.MaxSteps > 0
            ? options.MaxSteps
            : Math.Max(1, options.Episodes * (prompts.Count / options.RolloutBatchSize));
        _schedule = new LearningRateSchedule(options.LearningRate, TotalSteps * UpdatesPerStep, options.WarmupRatio, options.MinLearningRateRatio);
        _optimizer = optim.AdamW(policy.Module.parameters(), options.LearningRate, options.AdamBeta1, options.AdamBeta2, 1e-8, options.WeightDecay);
    }

    /// <summary>Training steps the run will take.</summary>
    public int TotalSteps { get; }

    /// <summary>Optimizer updates per step (rollouts per step / train batch size, rounded up).</summary>
    public int UpdatesPerStep => (int)Math.Ceiling(_options.RolloutBatchSize * _options.SamplesPerPrompt / (double)_options.TrainBatchSize);

    /// <summary>The last step completed.</summary>
    public int Step => _step;

    public string MetricsPath => Path.Combine(_outputDir, "metrics.jsonl");

    public string CheckpointsDir => Path.Combine(_outputDir, "checkpoints");

    /// <summary>Continues from the newest complete checkpoint in the output folder, if any; returns its step.</summary>
    public int ResumeFromLatestCheckpoint()
    {
        var latest = TrainerCheckpoint.Latest(CheckpointsDir);
        if (latest is null)
            return 0;
        var state = TrainerCheckpoint.Load(latest, _policy, _optimizer);
        _step = state.Step;
        _updates = state.Updates;
        _cursor = state.Cursor;
        return _step;
    }

    /// <summary>Runs the remaining steps. Cancellation stops between steps; the last checkpoint stays valid.</summary>
    public async Task<TrainingSummary> RunAsync(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var wall = Stopwatch.StartNew();
        using var metrics = new MetricsLog(MetricsPath, _step);
        StepMetrics? last = null;
        string? lastCheckpoint = null;
        int startStep = _step;
        while (_step < TotalSteps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            last = await RunStepAsync(progress, cancellationToken).ConfigureAwait(false);
            metrics.Append(last);
            progress?.Report(new TrainingProgress(_step, TotalSteps, "done", last));
            bool due = _options.CheckpointInterval > 0 && _step % _options.CheckpointInterval == 0;
            if (due || _step == TotalSteps)
            {
                progress?.Report(new TrainingProgress(_step, TotalSteps, "checkpoint", last));
                lastCheckpoint = SaveCheckpoint();
            }
        }
        return new TrainingSummary(_step - startStep, _step, wall.Elapsed.TotalSeconds, last, lastCheckpoint);
    }

    /// <summary>Writes a checkpoint of the current state (atomically) and prunes old ones.</summary>
    public string SaveCheckpoint() =>
        TrainerCheckpoint.Save(CheckpointsDir, new TrainerState(_step, _updates, _cursor, _options.Seed), _policy, _optimizer, _options.CheckpointsKept);

    private async Task<StepMetrics> RunStepAsync(IProgress<TrainingProgress>? progress, CancellationToken ct)
    {
        int step = _step + 1;
        var prompts = _prompts.Next(_options.RolloutBatchSize, ref _cursor);
        int episode = _cursor.Episode;
        var plan = RolloutPlanner.Plan(prompts, _options.SamplesPerPrompt, _options.SuperiorCot == SuperiorCotMode.Off ? 0 : _options.NoCotSamples);

        // 1. Generate.
        progress?.Report(new TrainingProgress(step, TotalSteps, "generate"));
        var clock = Stopwatch.StartNew();
        var promptIds = plan.Select(r => PromptIds(r.PromptText)).ToList();
        var generated = Generate(promptIds, step, ct);
        double generateSeconds = clock.Elapsed.TotalSeconds;

        // 2. Reward.
        progress?.Report(new TrainingProgress(step, TotalSteps, "reward"));
        clock.Restart();
        var outputs = generated.Select(g => _policy.Tokenizer.Decode(g.TokenIds)).ToList();
        var toScore = plan.Select((r, i) => new RolloutToScore(r.PromptText, outputs[i], r.Prompt.Target, r.Prompt.Task,
            RequireReasoning: !(r.IsNoCot && _options.SuperiorCot == SuperiorCotMode.Paper))).ToList();
        var rewards = await _scorer.ScoreAsync(toScore, ct).ConfigureAwait(false);
        double rewardSeconds = clock.Elapsed.TotalSeconds;

        // 3. Advantages, superior-CoT filter, dynamic sampling.
        int n = _options.SamplesPerPrompt;
        var totals = rewards.Select(r => r.Total).ToList();
        var advantages = GroupAdvantages.Compute(totals, n, _options.AdvantageEstimator);
        var keep = SuperiorCotFilter.Keep(
            plan.Select((r, i) => new SuperiorCotSample(r.GroupKey, r.IsNoCot, rewards[i].AnswerReward, rewards[i].Accuracy, rewards[i].Superior)).ToList(),
            _options.SuperiorCot);
        var groupStd = GroupAdvantages.GroupStd(totals, n);
        int groupsDropped = 0;
        var trained = new List<int>(plan.Count);
        for (int g = 0; g < prompts.Count; g++)
        {
            if (_options.DynamicSampling && groupStd[g] == 0)
            {
                groupsDropped++;
                continue;
            }
            for (int i = g * n; i < (g + 1) * n; i++)
            {
                if (generated[i].TokenIds.Length > 0)
                    trained.Add(i);
            }
        }

        // 4. Learn.
        progress?.Report(new TrainingProgress(step, TotalSteps, "learn"));
        clock.Restart();
        var sequences = trained.Select(i => new TokenizedSequence([.. promptIds[i], .. generated[i].TokenIds], promptIds[i].Length)).ToList();
        var learn = Learn(step, sequences, trained.Select(i => advantages[i]).ToList(), trained.Select(i => keep[i]).ToList());
        double learnSeconds = clock.Elapsed.TotalSeconds;
        _step = step;

        var cot = Enumerable.Range(0, plan.Count).Where(i => !plan[i].IsNoCot).ToList();
        var noCot = Enumerable.Range(0, plan.Count).Where(i => plan[i].IsNoCot).ToList();
        int generatedTokens = generated.Sum(g => g.TokenIds.Length);
        return new StepMetrics
        {
            Step = step,
            Episode = episode,
            Rollouts = plan.Count,
            Reward = totals.Average(),
            FormatReward = rewards.Average(r => r.FormatReward),
            AnswerReward = rewards.Average(r => r.AnswerReward),
            FormatAccuracy = rewards.Average(r => r.FormatValid ? 1.0 : 0.0),
            AnswerAccuracy = rewards.Average(r => r.Accuracy),
            CotAccuracy = cot.Count > 0 ? cot.Average(i => rewards[i].Accuracy) : double.NaN,
            NoCotAccuracy = noCot.Count > 0 ? noCot.Average(i => rewards[i].Accuracy) : double.NaN,
            KeptRatio = trained.Count > 0 ? trained.Average(i => keep[i] ? 1.0 : 0.0) : 0,
            GroupsDropped = groupsDropped,
            ResponseLength = generated.Average(g => g.TokenIds.Length),
            ReasoningLength = cot.Count > 0 ? cot.Average(i => ReasoningTokens(plan[i].PromptText + outputs[i])) : 0,
            Kl = learn.Kl,
            PolicyLoss = learn.PolicyLoss,
            BcLoss = learn.BcLoss,
            LearningRate = learn.LearningRate,
            GradNorm = learn.GradNorm,
            TokensPerSecond = (generatedTokens + learn.Tokens) / Math.Max(1e-9, generateSeconds + rewardSeconds + learnSeconds),
            GenerateSeconds = generateSeconds,
            RewardSeconds = rewardSeconds,
            LearnSeconds = learnSeconds,
        };
    }

    /// <summary>Tokens of the reasoning block the reward sees (0 when there is none).</summary>
    private int ReasoningTokens(string sequence) =>
        FormatAnalysis.Analyze(sequence).Think is { Length: > 0 } think ? _policy.Tokenizer.Encode(think).Length : 0;

    private int[] PromptIds(string text)
    {
        if (!_promptIds.TryGetValue(text, out var ids))
        {
            ids = _policy.Tokenizer.Encode(text);
            // Over-long prompts lose their beginning, never the assistant header and pre-filled <think> at the end.
            if (ids.Length > _options.MaxPromptLength)
                ids = ids[^_options.MaxPromptLength..];
            _promptIds[text] = ids;
        }
        return ids;
    }

    private IReadOnlyList<GeneratedSequence> Generate(IReadOnlyList<int[]> promptIds, int step, CancellationToken ct)
    {
        var defaults = _policy.DefaultGenerationOptions(_options.MaxGenerationLength);
        int chunk = _options.GenerationBatchSize > 0 ? _options.GenerationBatchSize : promptIds.Count;
        var results = new List<GeneratedSequence>(promptIds.Count);
        _policy.Module.eval();
        for (int start = 0, c = 0; start < promptIds.Count; start += chunk, c++)
        {
            var options = defaults with
            {
                Sampling = new SamplingOptions(DoSample: true, _options.Temperature, _options.TopP, _options.TopK),
                Seed = (ulong)Shuffle.Seed(_options.Seed, step, 1000 + c),
            };
            results.AddRange(_policy.Generate(promptIds.Skip(start).Take(chunk).ToList(), options, ct));
        }
        return results;
    }

    private sealed record LearnResult(double PolicyLoss, double Kl, double BcLoss, double GradNorm, double LearningRate, int Tokens);

    private LearnResult Learn(int step, IReadOnlyList<TokenizedSequence> sequences, IReadOnlyList<double> advantages, IReadOnlyList<bool> keep)
    {
        if (sequences.Count == 0)
            return new LearnResult(0, 0, 0, 0, _schedule.At(_updates), 0);
        var device = _policy.Module.Device;
        var order = Shuffle.Permutation(sequences.Count, Shuffle.Seed(_options.Seed, step, 0x1ea));
        double policyLoss = 0, kl = 0, bc = 0, gradNorm = 0, lr = 0;
        int tokens = 0;
        int updatesThisStep = 0;
        for (int start = 0; start < order.Length; start += _options.TrainBatchSize, updatesThisStep++)
        {
            // Which rollouts form an update is random; within it the micro-batches are cut from length-sorted rollouts
            // (the update's gradient is a sum, so the order does not change it, and similar lengths waste less padding).
            var update = order.Skip(start).Take(_options.TrainBatchSize).OrderBy(i => sequences[i].Ids.Length).ThenBy(i => i).ToArray();
            // The first update of a step trains on rollouts of the current weights, so π_old = π (ratio exactly 1);
            // later updates need the log-probs the rollouts had before the weights moved.
            var oldLogProbs = updatesThisStep == 0 ? null : OldLogProbs(update, sequences);
            double updateSize = _options.LossAggregation == LossAggregation.TokenMean
                ? update.Sum(i => sequences[i].ResponseLength)
                : update.Length;
            _policy.Module.train();
            _optimizer.zero_grad();
            for (int m = 0; m < update.Length; m += _options.MicroBatchSize)
            {
                using var scope = NewDisposeScope();
                var micro = update.Skip(m).Take(_options.MicroBatchSize).ToArray();
                var batch = PaddedBatch.Create(micro.Select(i => sequences[i]).ToList(), _padId, device);
                var logp = _policy.Module.TokenLogProbs(batch.Ids, batch.Attention);
                Tensor old = oldLogProbs is null ? logp.detach() : Pad(micro.Select(i => oldLogProbs[i]).ToList(), logp.shape[1], device);
                var adv = tensor(micro.Select(i => (float)advantages[i]).ToArray(), device: device);
                var keepMask = tensor(micro.Select(i => keep[i] ? 1f : 0f).ToArray(), device: device);
                var loss = RaifLosses.Policy(logp, old, adv, keepMask, batch.LossMask,
                    _options.ClipEpsilonLow, _options.ClipEpsilonHigh, _options.LossAggregation, updateSize, _options.MaxGenerationLength);
                policyLoss += loss.item<float>();
                if (_options.KlCoefficient > 0)
                {
                    Tensor refLogp;
                    using (no_grad())
                        refLogp = _reference!.Module.TokenLogProbs(batch.Ids, batch.Attention);
                    var klLoss = RaifLosses.KlK3(logp, refLogp, batch.LossMask, _options.LossAggregation, updateSize, _options.MaxGenerationLength);
                    kl += klLoss.item<float>();
                    loss = loss + _options.KlCoefficient * klLoss;
                }
                loss.backward();
                tokens += batch.LossTokens;

                if (_options.BehaviourCloningCoefficient > 0)
                {
                    var sft = _sft!.Next(micro.Length, ref _cursor);
                    var sftBatch = PaddedBatch.Create(sft, _padId, device);
                    var sftLogp = _policy.Module.TokenLogProbs(sftBatch.Ids, sftBatch.Attention);
                    var bcLoss = RaifLosses.BehaviourCloning(sftLogp, sftBatch.LossMask, update.Length);
                    bc += bcLoss.item<float>();
                    (_options.BehaviourCloningCoefficient * bcLoss).backward();
                    tokens += sftBatch.LossTokens;
                }
            }
            gradNorm = _options.GradientClip > 0
                ? nn.utils.clip_grad_norm_(_policy.Module.parameters(), _options.GradientClip)
                : TotalGradNorm();
            lr = _schedule.At(_updates);
            foreach (var group in _optimizer.ParamGroups)
                group.LearningRate = lr;
            _optimizer.step();
            _optimizer.zero_grad();
            _updates++;
        }
        _policy.Module.eval();
        // Losses are reported per update (the sum over micro-batches is the update's loss); average over updates.
        return new LearnResult(policyLoss / updatesThisStep, kl / updatesThisStep, bc / updatesThisStep, gradNorm, lr, tokens);
    }

    private Dictionary<int, float[]> OldLogProbs(int[] update, IReadOnlyList<TokenizedSequence> sequences)
    {
        var result = new Dictionary<int, float[]>();
        var device = _policy.Module.Device;
        _policy.Module.eval();
        using var noGrad = no_grad();
        for (int m = 0; m < update.Length; m += _options.MicroBatchSize)
        {
            using var scope = NewDisposeScope();
            var micro = update.Skip(m).Take(_options.MicroBatchSize).ToArray();
            var batch = PaddedBatch.Create(micro.Select(i => sequences[i]).ToList(), _padId, device);
            var logp = _policy.Module.TokenLogProbs(batch.Ids, batch.Attention).cpu();
            for (int k = 0; k < micro.Length; k++)
                result[micro[k]] = logp[k].data<float>().ToArray()[..(sequences[micro[k]].Ids.Length - 1)];
        }
        return result;
    }

    private static Tensor Pad(IReadOnlyList<float[]> rows, long width, Device device)
    {
        var data = new float[rows.Count * width];
        for (int r = 0; r < rows.Count; r++)
            Array.Copy(rows[r], 0, data, r * width, Math.Min(rows[r].Length, width));
        return tensor(data, [rows.Count, width], device: device);
    }

    private double TotalGradNorm()
    {
        using var scope = NewDisposeScope();
        double sum = 0;
        foreach (var p in _policy.Module.parameters())
        {
            if (p.grad is { } g)
                sum += g.pow(2).sum().item<float>();
        }
        return Math.Sqrt(sum);
    }

    public void Dispose() => _optimizer.Dispose();
}
