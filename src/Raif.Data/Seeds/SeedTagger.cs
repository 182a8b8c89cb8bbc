using System.Text.Json;
using Microsoft.Extensions.AI;
using Raif.Core.Jsonl;
using Raif.Data.Resources;
using Raif.Data.Stages;
using Raif.RemoteModels;

namespace Raif.Data.Seeds;

/// <summary>How seeds are tagged by a chat model.</summary>
public sealed record SeedTaggingOptions
{
    /// <summary>Requests in flight at once.</summary>
    public int Concurrency { get; init; } = 8;

    public int MaxOutputTokens { get; init; } = 512;

    /// <summary>Calls per seed while the reply breaks the format; then the seed is dropped with the last reason.</summary>
    public int Attempts { get; init; } = 2;

    /// <summary>Timeouts and retries of one call (network errors, 429, 5xx); a call that still fails stops the stage.</summary>
    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;
}

/// <summary>
/// Tags seed instructions with topic and ability tags (spec §3.1, where the authors used InsTag) by asking a chat model
/// with Raif's own prompt (<c>Resources/seed-tagging-prompt.txt</c>), greedily. Runs through
/// <see cref="StageRunner"/>, so a killed run resumes where it stopped and never tags a seed twice.
/// </summary>
public sealed class SeedTagger(IChatClient chat, SeedTaggingOptions options)
{
    public const string Stage = "seeds-tag";

    private static readonly Lazy<string> Template = new(() => DataResources.ReadText("seed-tagging-prompt.txt"));

    public SeedTaggingOptions Options => options;

    /// <summary>The prompt for one instruction.</summary>
    public static string Prompt(string instruction) => Template.Value
        .Replace("{topics}", string.Join("\n", SeedTopics.All.Select(t => "  - " + t)), StringComparison.Ordinal)
        .Replace("{instruction}", instruction, StringComparison.Ordinal);

    /// <summary>The tags of one instruction, or why the replies could not be read.</summary>
    public async Task<(SeedTags? Tags, string? Failure)> TagAsync(string instruction, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Attempts, 1);
        var pipeline = options.Retry.Build();
        var chatOptions = new ChatOptions { Temperature = 0, MaxOutputTokens = options.MaxOutputTokens };
        string failure = "";
        for (int attempt = 1; attempt <= options.Attempts; attempt++)
        {
            var response = await pipeline.ExecuteAsync(
                async token => await chat.GetResponseAsync([new ChatMessage(ChatRole.User, Prompt(instruction))], chatOptions, token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            try
            {
                return (SeedTagReply.Parse(response.Text), null);
            }
            catch (SeedTagFormatException e)
            {
                failure = e.Message;
            }
        }
        return (null, $"tagging reply unusable after {options.Attempts} attempt(s): {failure}");
    }

    /// <summary>
    /// Tags every seed record of <paramref name="inputPath"/> (seeds.jsonl lines), writing them with their
    /// <c>tags</c> to <paramref name="outputPath"/>; seeds whose replies stay malformed go to the drops file.
    /// </summary>
    public Task<StageSummary> RunAsync(string inputPath, string outputPath, IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default) =>
        StageRunner.RunAsync(Stage, inputPath, outputPath, async (line, ct) =>
        {
            var (tags, failure) = await TagAsync(line.RequiredString("text"), ct).ConfigureAwait(false);
            return tags is null ? StageOutcome.Dropped(failure!) : StageOutcome.Kept(WithTags(line, tags));
        }, new StageOptions { Concurrency = options.Concurrency }, progress, cancellationToken);

    private static JsonElement WithTags(JsonlLine line, SeedTags tags) => RecordJson.Of(json =>
    {
        json.WriteStartObject();
        foreach (var property in line.Value.EnumerateObject())
        {
            if (property.Name != "tags")
                property.WriteTo(json);
        }
        SeedRecord.WriteTags(json, tags);
        json.WriteEndObject();
    });
}
