using Raif.Core.Templates;
using Raif.Data.Export;
using Raif.Data.Stages;
using Raif.Rewards;
using Raif.Verifiers.IfEval;

namespace Raif.Data.Pipeline;

/// <summary>
/// <c>[export]</c>: the last stage (<see cref="ExportStage"/>) with the earlier stages' files for its report, and the
/// no-CoT reference score when <c>[export.no_cot_score]</c> names a model (and <c>[export.judge]</c> a judge, for
/// complex records).
/// </summary>
public sealed class ExportPipelineStage(ChatTemplate template, bool cotTrigger, ModelSettings? noCotModel, ModelSettings? judge, NoCotScoreOptions scoreOptions) : IPipelineStage
{
    public string Name => ExportStage.Name;

    public string OutputFile => ExportStage.RlFile;

    public string Fingerprint =>
        $"template={template.Name} trigger={cotTrigger} no_cot={noCotModel?.Describe() ?? "none"} judge={judge?.Describe() ?? "none"} " +
        $"keys={scoreOptions.IfevalKey},{scoreOptions.ComplexKey} variant={scoreOptions.IfevalVariant} max_tokens={scoreOptions.MaxOutputTokens}";

    /// <summary>Every earlier stage's output: the report counts each stage's records and drops.</summary>
    public IEnumerable<string> InputFiles(IReadOnlyList<StageFile> earlier) => earlier.Select(s => s.OutputPath);

    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        if (context.InputPath is null)
            throw new ArgumentException("export needs an earlier stage: it reads verified pairs (or evolved prompts)");
        NoCotScorer? scorer = null;
        if (noCotModel is not null)
        {
            var chat = await context.Models.ChatAsync(noCotModel, cancellationToken).ConfigureAwait(false);
            var judgeModel = judge is null ? null : await context.Models.JudgeAsync(judge, cancellationToken).ConfigureAwait(false);
            scorer = new NoCotScorer(chat, judgeModel, scoreOptions with { Retry = noCotModel.Retry });
        }
        await ExportStage.RunAsync(context.InputPath, context.Folder, new ExportOptions
        {
            Template = template,
            CotTrigger = cotTrigger,
            NoCotScorer = scorer,
            NoCotModelName = noCotModel?.Describe(),
            Stages = context.EarlierStages,
            Stage = new StageOptions { Concurrency = noCotModel?.Concurrency ?? 4 },
        }, context.Progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads <c>[export]</c> and its <c>no_cot_score</c> and <c>judge</c> tables.</summary>
    public static ExportPipelineStage Read(ConfigSection section)
    {
        var template = ChatTemplates.Get(section.Choice("template", "qwen", [.. ChatTemplates.Names]));
        bool trigger = section.Bool("cot_trigger", true);
        ModelSettings? model = null;
        var scoreOptions = new NoCotScoreOptions();
        if (section.Table("no_cot_score") is { } score)
        {
            model = ModelSettings.Read(score, defaultMaxTokens: 2048);
            scoreOptions = new NoCotScoreOptions
            {
                IfevalKey = score.String("ifeval_key", Superiority.IfevalScoreField),
                ComplexKey = score.String("complex_key", Superiority.ComplexScoreField),
                IfevalVariant = score.Choice("ifeval_variant", "official", ["official", "raif"]) == "raif" ? IfevalVariant.Raif : IfevalVariant.Official,
                MaxOutputTokens = model.MaxTokens,
            };
            score.RejectUnknownKeys();
        }
        ModelSettings? judge = null;
        if (section.Table("judge") is { } judgeSection)
        {
            judge = ModelSettings.Read(judgeSection, defaultMaxTokens: 1);
            judgeSection.RejectUnknownKeys();
        }
        section.RejectUnknownKeys();
        return new ExportPipelineStage(template, trigger, model, judge, scoreOptions);
    }
}
