using Raif.Data.Verification;
using Raif.Verifiers.IfEval;

namespace Raif.Data.Pipeline;

/// <summary>
/// <c>[verify]</c>: <see cref="VerifyStage"/> with <c>checks</c> (<c>all</c>, <c>none</c> or a comma-separated list),
/// a chat judge <c>[verify.judge]</c> for quality checks (and complex checklists by generation) and an optional
/// log-prob judge <c>[verify.checklist_judge]</c> for complex scoring questions; writes <c>verify/verify.jsonl</c>.
/// </summary>
public sealed class VerifyPipelineStage(IReadOnlyList<string> checks, IfevalVariant variant, int formatRetries, int concurrency, ModelSettings? judge, ModelSettings? checklistJudge) : IPipelineStage
{
    public string Name => VerifyStage.Name;

    public string OutputFile => "verify.jsonl";

    public string Fingerprint =>
        $"checks={string.Join(',', checks)} variant={variant} format_retries={formatRetries} judge={judge?.Describe() ?? "none"} checklist_judge={checklistJudge?.Describe() ?? "none"}";

    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        if (context.InputPath is null)
            throw new ArgumentException("verify needs an earlier stage that writes expert pairs (respond)");
        var chat = judge is null ? null : await context.Models.ChatAsync(judge, cancellationToken).ConfigureAwait(false);
        var logProb = checklistJudge is null ? null : await context.Models.JudgeAsync(checklistJudge, cancellationToken).ConfigureAwait(false);
        await VerifyStage.RunAsync(new VerifyOptions
        {
            InputPath = context.InputPath,
            OutputPath = Path.Combine(context.Folder, OutputFile),
            Checks = checks,
            Concurrency = concurrency,
            IfevalVariant = variant,
            FormatRetries = formatRetries,
            JudgeMaxOutputTokens = judge?.MaxTokens,
            Retry = judge?.Retry ?? new Raif.RemoteModels.RetryPolicy(TimeSpan.FromMinutes(5)),
        }, chat, logProb, context.Progress, cancellationToken).ConfigureAwait(false);
    }

    public static VerifyPipelineStage Read(ConfigSection section)
    {
        IReadOnlyList<string> checks;
        try
        {
            checks = VerifyChecks.Parse(section.String("checks", "all"));
        }
        catch (ArgumentException e)
        {
            throw section.Error("checks", e.Message);
        }
        var variant = section.Choice("ifeval_variant", "official", ["official", "raif"]) == "raif" ? IfevalVariant.Raif : IfevalVariant.Official;
        int retries = section.Int("format_retries", 1, 0, 100);
        int concurrency = section.Int("concurrency", 8, 1, 1024);
        ModelSettings? judge = null, checklist = null;
        if (section.Table("judge") is { } j)
        {
            judge = ModelSettings.Read(j, defaultMaxTokens: 4096);
            j.RejectUnknownKeys();
        }
        if (section.Table("checklist_judge") is { } c)
        {
            checklist = ModelSettings.Read(c, defaultMaxTokens: 1);
            c.RejectUnknownKeys();
        }
        if (judge is null && checks.Any(k => k != VerifyChecks.Constraints))
            throw section.Error("checks", "the quality checks need a chat judge: add [verify.judge], or set checks = \"constraints\" or \"none\"");
        section.RejectUnknownKeys();
        return new VerifyPipelineStage(checks, variant, retries, concurrency, judge, checklist);
    }
}
