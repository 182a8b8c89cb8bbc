using Raif.Core.Templates;
using Raif.Modeling;
using Raif.Modeling.Generation;
using Raif.Training.Rollouts;

namespace Raif.Training.Evaluation;

/// <summary>One prompt to evaluate: the rendered prompt (ending with the pre-filled &lt;think&gt;), its target and task.</summary>
public sealed record EvaluationPrompt(string Prompt, string Target, string Task);

/// <summary>
/// IFEval-style strict accuracies of greedy answers: prompt-level (every instruction of a prompt followed) and
/// instruction-level (fraction of all instructions followed). An answer that cannot be extracted follows nothing.
/// </summary>
public sealed record AccuracyReport(int Prompts, double PromptStrict, double InstructionStrict, double FormatValid);

/// <summary>Greedy decoding plus the reward's verifiers, with reasoning (CoT prompt) or without (no-CoT variant).</summary>
public static class InstructionEvaluator
{
    public static async Task<AccuracyReport> EvaluateAsync(
        LanguageModel model, IReadOnlyList<EvaluationPrompt> prompts, bool withReasoning, IRolloutScorer scorer,
        int maxNewTokens, int batchSize = 64, CancellationToken cancellationToken = default)
    {
        var texts = prompts.Select(p => withReasoning ? p.Prompt : ThinkPrefill.MakeNoCot(p.Prompt)).ToList();
        var options = model.DefaultGenerationOptions(maxNewTokens) with { Sampling = SamplingOptions.Greedy };
        var outputs = new List<string>(texts.Count);
        for (int start = 0; start < texts.Count; start += batchSize)
        {
            var ids = texts.Skip(start).Take(batchSize).Select(model.Tokenizer.Encode).ToList();
            foreach (var g in model.Generate(ids, options, cancellationToken))
                outputs.Add(model.Tokenizer.Decode(g.TokenIds));
        }
        // Accuracy is about the answer: the reasoning precondition of the training reward does not apply here.
        var rewards = await scorer.ScoreAsync(
            prompts.Select((p, i) => new RolloutToScore(texts[i], outputs[i], p.Target, p.Task, RequireReasoning: false)).ToList(),
            cancellationToken).ConfigureAwait(false);
        int checks = rewards.Sum(r => r.Checks);
        return new AccuracyReport(
            prompts.Count,
            rewards.Average(r => r.Checks > 0 && r.Passed == r.Checks ? 1.0 : 0.0),
            checks == 0 ? 0 : rewards.Sum(r => r.Passed) / (double)checks,
            rewards.Average(r => r.FormatValid ? 1.0 : 0.0));
    }
}
