using System.Globalization;
using Raif.Core.Templates;
using Raif.Data.Models;
using Raif.Data.Stages;

namespace Raif.Data.Pipeline;

/// <summary>
/// The settings <c>[evolve-rules]</c> and <c>[evolve-checklist]</c> share: the chat model (a model table's keys; its
/// <c>template</c> is the rendering of the evolved records' input), the seeds (<c>seeds</c> + <c>field</c> unless a
/// <c>[seeds]</c> stage runs), <c>seed</c>, <c>cot_trigger</c>, <c>temperature</c> (default 0: greedy, so a rerun
/// gives the same records), <c>reply_retries</c> and <c>on_error</c>.
/// </summary>
public sealed record ModelEvolveSettings(ModelSettings Model, string? SeedsPath, string Field, long RandomSeed, bool CotTrigger, float Temperature, int ReplyRetries, bool SkipBadLines)
{
    public ChatTemplate Template => ChatTemplates.Get(Model.Template);

    public ModelCallOptions Call => new(Model.MaxTokens, Temperature, Model.Retry, ReplyRetries);

    public StageOptions Stage => new() { Concurrency = Model.Concurrency, SkipBadLines = SkipBadLines };

    public string Fingerprint =>
        $"model={Model.Describe()} max_tokens={Model.MaxTokens} temperature={Temperature.ToString("R", CultureInfo.InvariantCulture)} reply_retries={ReplyRetries} " +
        $"seed={RandomSeed} template={Model.Template} trigger={CotTrigger} seeds={SeedsPath ?? "[seeds]"} field={Field} skip_bad={SkipBadLines}";

    public static ModelEvolveSettings Read(ConfigSection section)
    {
        var model = ModelSettings.Read(section, defaultMaxTokens: 4096);
        return new ModelEvolveSettings(
            model,
            section.PathValue("seeds"),
            section.String("field", "text"),
            section.Long("seed", 1),
            section.Bool("cot_trigger", true),
            (float)section.Double("temperature", 0, min: 0),
            section.Int("reply_retries", 2, 0, 100),
            section.Choice("on_error", "fail", ["fail", "skip"]) == "skip");
    }
}
