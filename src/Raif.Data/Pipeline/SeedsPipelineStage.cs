using Raif.Data.Export;
using Raif.Data.Seeds;

namespace Raif.Data.Pipeline;

/// <summary>
/// <c>[seeds]</c>: the optional first stage, <see cref="SeedSelection"/> over <c>inputs</c> (JSONL or Parquet) →
/// <c>seeds/seeds.jsonl</c>, which every evolution stage then reads. Tagging (<c>[seeds.tagger]</c>, a chat model)
/// runs on the stage runner, so a killed run resumes it; the rest is deterministic and simply redone.
/// </summary>
public sealed class SeedsPipelineStage(SeedSelectionOptions options, ModelSettings? tagger, int tagAttempts) : IPipelineStage
{
    public const string StageName = "seeds";

    public string Name => StageName;

    public string OutputFile => SeedSelection.SeedsFile;

    public string Fingerprint =>
        $"inputs={string.Join('|', options.Inputs)} field={options.Field} skip_bad={options.SkipBadLines} languages={List(options.Languages)} " +
        $"near_dup={Number(options.NearDuplicateThreshold)} shingle={options.ShingleSize} permutations={options.Permutations} " +
        $"semantic={(options.SemanticThreshold is { } s ? Number(s) : "none")} topics={List(options.KeepTopics)} quota={options.AbilityQuota?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} " +
        $"count={options.Count?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all"} seed={options.RandomSeed} " +
        $"tagger={tagger?.Describe() ?? "none"} tag_max_tokens={tagger?.MaxTokens} tag_attempts={tagAttempts}";

    public IEnumerable<string> InputFiles(IReadOnlyList<StageFile> earlier) => options.Inputs;

    public async Task RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        SeedTagger? seedTagger = null;
        if (tagger is not null)
        {
            var chat = await context.Models.ChatAsync(tagger, cancellationToken).ConfigureAwait(false);
            seedTagger = new SeedTagger(chat, new SeedTaggingOptions
            {
                Concurrency = tagger.Concurrency,
                MaxOutputTokens = tagger.MaxTokens,
                Attempts = tagAttempts,
                Retry = tagger.Retry,
            });
        }
        using var embedder = options.SemanticThreshold is null ? null : new MiniLmSentenceEmbedder();
        await SeedSelection.RunAsync(options, context.Folder, seedTagger, embedder, null, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads <c>[seeds]</c> and its optional <c>[seeds.tagger]</c>.</summary>
    public static SeedsPipelineStage Read(ConfigSection section)
    {
        var inputs = section.StringList("inputs") ?? throw section.Error("inputs", "missing: the JSONL or Parquet files to select seeds from");
        bool paperTopics = section.Bool("paper_topic_filter", false);
        var keepTopics = section.StringList("keep_topics");
        if (paperTopics && keepTopics is not null)
            throw section.Error("keep_topics", "paper_topic_filter and keep_topics exclude each other");
        if (keepTopics?.FirstOrDefault(t => !SeedTopics.All.Contains(t, StringComparer.OrdinalIgnoreCase)) is { } unknown)
            throw section.Error("keep_topics", $"unknown topic '{unknown}'; topics: {string.Join(", ", SeedTopics.All)}");
        var options = new SeedSelectionOptions
        {
            Inputs = [.. inputs.Select(i => Path.GetFullPath(i, section.BaseDirectory))],
            Field = section.String("field", "instruction"),
            SkipBadLines = section.Choice("on_error", "fail", ["fail", "skip"]) == "skip",
            Languages = section.StringList("languages"),
            NearDuplicateThreshold = InUnitInterval(section, "near_dup_threshold", 0.8)!.Value,
            ShingleSize = section.Int("shingle_size", 5, 1, 1000),
            Permutations = section.Int("permutations", 128, 1, 4096),
            SemanticThreshold = InUnitInterval(section, "semantic_dedup", null),
            KeepTopics = paperTopics ? SeedTopics.PaperFilter : keepTopics,
            AbilityQuota = section.OptionalInt("ability_quota", 1, int.MaxValue),
            Count = section.OptionalInt("count", 0, int.MaxValue),
            RandomSeed = section.Long("seed", 1),
        };
        ModelSettings? tagger = null;
        int attempts = 2;
        if (section.Table("tagger") is { } t)
        {
            tagger = ModelSettings.Read(t, defaultMaxTokens: 512);
            attempts = t.Int("attempts", 2, 1, 100);
            t.RejectUnknownKeys();
        }
        if (tagger is null && (options.KeepTopics is not null || options.AbilityQuota is not null))
            throw section.Error(options.AbilityQuota is not null ? "ability_quota" : paperTopics ? "paper_topic_filter" : "keep_topics",
                "needs topic and ability tags: add a [seeds.tagger] model table");
        section.RejectUnknownKeys();
        return new SeedsPipelineStage(options, tagger, attempts);
    }

    private static double? InUnitInterval(ConfigSection section, string key, double? fallback)
    {
        double? value = section.OptionalDouble(key) ?? fallback;
        if (value is { } v && !(v is > 0 and <= 1))
            throw section.Error(key, $"{Number(v)} is outside (0, 1]");
        return value;
    }

    private static string List(IReadOnlyList<string>? values) => values is null ? "all" : string.Join(',', values);

    private static string Number(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
