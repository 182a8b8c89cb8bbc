using Raif.Modeling;
using Raif.Training.Algorithms;
using Raif.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Training.Learning;

/// <summary>Settings of a plain supervised (behaviour-cloning) run.</summary>
public sealed record SupervisedOptions(int Steps, int BatchSize, double LearningRate, int Seed, double WarmupRatio = 0.05, double MinLearningRateRatio = 0.1, double GradientClip = 1.0);

/// <summary>Progress of a supervised run: step, total steps, the step's mean token loss.</summary>
public readonly record struct SupervisedProgress(int Step, int TotalSteps, double Loss);

/// <summary>
/// Next-token cross-entropy training on tokenized sequences (loss from each sequence's loss start). Used to give
/// the built-in preset's model its behaviour-cloned starting point; it is the same loss the RAIF trainer's
/// behaviour-cloning term uses.
/// </summary>
public static class SupervisedTrainer
{
    public static IReadOnlyList<double> Train(
        LanguageModel model, IReadOnlyList<TokenizedSequence> data, SupervisedOptions options,
        IProgress<SupervisedProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var device = model.Module.Device;
        int pad = model.Tokenizer.PadTokenId ?? 0;
        var schedule = new LearningRateSchedule(options.LearningRate, options.Steps, options.WarmupRatio, options.MinLearningRateRatio);
        using var optimizer = optim.AdamW(model.Module.parameters(), options.LearningRate, 0.9, 0.95, 1e-8, 0.0);
        var losses = new List<double>(options.Steps);
        int epoch = 0, index = 0;
        var order = Shuffle.Permutation(data.Count, Shuffle.Seed(options.Seed, 0, 0x51));
        model.Module.train();
        for (int step = 0; step < options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var batch = new List<TokenizedSequence>(options.BatchSize);
            while (batch.Count < options.BatchSize)
            {
                if (index == data.Count)
                {
                    epoch++;
                    index = 0;
                    order = Shuffle.Permutation(data.Count, Shuffle.Seed(options.Seed, epoch, 0x51));
                }
                batch.Add(data[order[index++]]);
            }
            var padded = PaddedBatch.Create(batch, pad, device);
            var logp = model.Module.TokenLogProbs(padded.Ids, padded.Attention);
            var loss = RaifLosses.BehaviourCloning(logp, padded.LossMask, batch.Count);
            optimizer.zero_grad();
            loss.backward();
            if (options.GradientClip > 0)
                nn.utils.clip_grad_norm_(model.Module.parameters(), options.GradientClip);
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = schedule.At(step);
            optimizer.step();
            double value = loss.item<float>();
            losses.Add(value);
            progress?.Report(new SupervisedProgress(step + 1, options.Steps, value));
        }
        model.Module.eval();
        return losses;
    }
}
