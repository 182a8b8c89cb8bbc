using Raif.Data.Responding;

namespace Raif.Data.Pipeline;

/// <summary>
/// <c>[respond]</c>: the expert model (<c>url</c> or <c>model_dir</c>, plus <c>temperature</c>) answers every record
/// (<see cref="RespondStage"/>); writes <c>respond/respond.jsonl</c> and its drops.
/// </summary>
public sealed class RespondPipelineStage(ModelSettings expert, float? temperature) : IPipelineStage
{
    public string Name => RespondStage.Name;

    public string OutputFile => "respond.jsonl";

    public string Fingerprint => $"expert={expert.Describe()} max_tokens={expert.MaxTokens} temperature={temperature?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "server"}";

    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        if (context.InputPath is null)
            throw new ArgumentException("respond needs an earlier stage that writes RL prompt records (evolve)");
        var chat = await context.Models.ChatAsync(expert, cancellationToken).ConfigureAwait(false);
        await RespondStage.RunAsync(new RespondOptions
        {
            InputPath = context.InputPath,
            OutputPath = Path.Combine(context.Folder, OutputFile),
            Concurrency = expert.Concurrency,
            MaxOutputTokens = expert.MaxTokens,
            Temperature = temperature,
            Retry = expert.Retry,
        }, chat, context.Progress, cancellationToken).ConfigureAwait(false);
    }

    public static RespondPipelineStage Read(ConfigSection section)
    {
        var expert = ModelSettings.Read(section, defaultMaxTokens: 16384);
        float? temperature = section.Has("temperature") ? (float)section.Double("temperature", 0, min: 0) : null;
        section.RejectUnknownKeys();
        return new RespondPipelineStage(expert, temperature);
    }
}
