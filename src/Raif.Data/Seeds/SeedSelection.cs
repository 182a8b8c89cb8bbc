using System.Text.Json;
using Raif.Core.Jsonl;

namespace Raif.Data.Seeds;

/// <summary>
/// <c>raif data seeds</c> (spec §3.1): read JSONL/Parquet instructions, normalise, drop exact duplicates, identify
/// the language (and keep the chosen ones), drop near duplicates (MinHash/LSH), optionally semantic duplicates of
/// English seeds (sentence embeddings), optionally tag topics and abilities with a chat model (resumable) and keep
/// the chosen topics, then sample to a count with per-ability quotas. Writes <c>seeds.jsonl</c>,
/// <c>seeds.stats.json</c> and <c>seeds.drops.jsonl</c> (every dropped seed with its step, reason and, for
/// duplicates, the id of the kept seed it duplicates), atomically. The same inputs, options and seed give
/// byte-identical files.
/// </summary>
public static class SeedSelection
{
    public const string SeedsFile = "seeds.jsonl";
    public const string StatsFile = "seeds.stats.json";
    public const string DropsFile = "seeds.drops.jsonl";
    public const string TaggingFolder = "tagging";

    public static async Task<SeedSelectionSummary> RunAsync(
        SeedSelectionOptions options, string outputDir, SeedTagger? tagger = null, ISentenceEmbedder? embedder = null,
        IProgress<SeedSelectionProgress>? progress = null, Action<JsonlException>? reportSkipped = null, CancellationToken cancellationToken = default)
    {
        Validate(options, tagger, embedder);
        Directory.CreateDirectory(outputDir);
        var steps = new List<SeedStepCount>();
        var drops = new List<Drop>();
        var inputs = new List<(string File, int Read, int Bad)>();

        // Read and normalise.
        var candidates = new List<SeedCandidate>();
        foreach (var path in options.Inputs)
        {
            int bad = 0;
            var read = await SeedInput.ReadAsync(path, options.Field, options.SkipBadLines, e =>
            {
                bad++;
                reportSkipped?.Invoke(e);
            }, cancellationToken).ConfigureAwait(false);
            candidates.AddRange(read);
            inputs.Add((path, read.Count, bad));
            progress?.Report(new SeedSelectionProgress("read", candidates.Count, candidates.Count));
        }
        int readCount = candidates.Count;

        // Exact duplicates (after normalisation).
        var firstByText = new Dictionary<string, SeedCandidate>(StringComparer.Ordinal);
        var unique = new List<SeedCandidate>();
        foreach (var c in candidates)
        {
            if (firstByText.TryGetValue(c.Text, out var kept))
                drops.Add(new Drop("exact_dedup", "exact duplicate", c, null, IdOf(kept), 1));
            else
            {
                firstByText[c.Text] = c;
                unique.Add(c);
            }
        }
        Count(steps, drops, "exact_dedup", candidates.Count, unique.Count);

        // Language.
        // langdetect is deterministic and thread-safe, so the texts are identified in parallel.
        var languages = new string[unique.Count];
        int identified = 0;
        Parallel.For(0, unique.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            languages[i] = SeedLanguage.Identify(unique[i].Text);
            int done = Interlocked.Increment(ref identified);
            if ((done & 1023) == 0)
                progress?.Report(new SeedSelectionProgress("language", done, unique.Count));
        });
        progress?.Report(new SeedSelectionProgress("language", unique.Count, unique.Count));
        var records = new List<SeedRecord>();
        for (int i = 0; i < unique.Count; i++)
        {
            string language = languages[i];
            if (options.Languages is { } keep && !keep.Contains(language, StringComparer.Ordinal))
                drops.Add(new Drop("language", $"language not kept: {language}", unique[i], language, null, null));
            else
                records.Add(SeedRecord.From(unique[i], language));
        }
        Count(steps, drops, "language", unique.Count, records.Count);

        // Near duplicates.
        var hasher = new MinHasher(options.Permutations, options.ShingleSize, options.RandomSeed);
        var near = NearDuplicates.Find([.. records.Select(r => r.Text)], options.NearDuplicateThreshold, hasher,
            new Relay<int>(done => progress?.Report(new SeedSelectionProgress("near_dedup", done, records.Count))), cancellationToken);
        records = KeepUnmatched(records, near, "near_dedup", "near duplicate", drops);
        Count(steps, drops, "near_dedup", near.Length, records.Count);

        // Semantic duplicates among English seeds.
        if (options.SemanticThreshold is { } cosine)
        {
            var english = records.Where(r => r.Language == Seed.English).ToList();
            var semantic = SemanticDuplicates.Find([.. english.Select(r => r.Text)], cosine, embedder!,
                progress: new Relay<int>(done => progress?.Report(new SeedSelectionProgress("semantic_dedup", done, english.Count))),
                cancellationToken: cancellationToken);
            var droppedIds = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < english.Count; i++)
            {
                if (semantic[i] is { } match)
                {
                    drops.Add(new Drop("semantic_dedup", "semantic duplicate", english[i], english[match.KeptIndex].Id, match.Similarity));
                    droppedIds.Add(english[i].Id);
                }
            }
            int before = records.Count;
            records = [.. records.Where(r => !droppedIds.Contains(r.Id))];
            Count(steps, drops, "semantic_dedup", before, records.Count);
        }

        // Tagging, resumable through the stage runner, then the topic filter.
        if (tagger is not null)
        {
            int before = records.Count;
            records = await TagAsync(records, tagger, Path.Combine(outputDir, TaggingFolder), drops, progress, cancellationToken).ConfigureAwait(false);
            Count(steps, drops, "tagging", before, records.Count);
            if (options.KeepTopics is { } topics)
            {
                before = records.Count;
                var kept = new List<SeedRecord>();
                foreach (var r in records)
                {
                    if (r.Tags!.Topics.Any(t => topics.Contains(t, StringComparer.OrdinalIgnoreCase)))
                        kept.Add(r);
                    else
                        drops.Add(new Drop("topic_filter", "no kept topic", r, null, null));
                }
                records = kept;
                Count(steps, drops, "topic_filter", before, records.Count);
            }
        }

        // Sampling.
        var sample = SeedSampler.Sample([.. records.Select(r => r.Tags?.Abilities)], options.Count, options.RandomSeed, options.AbilityQuota);
        var sampled = sample.Chosen.Select(i => records[i]).ToList();
        var samplingDrops = new Dictionary<string, int>(StringComparer.Ordinal);
        if (sample.QuotaFull > 0)
            samplingDrops["ability quota full"] = sample.QuotaFull;
        if (sample.NotSampled > 0)
            samplingDrops["not sampled"] = sample.NotSampled;
        steps.Add(new SeedStepCount("sampling", records.Count, sampled.Count, samplingDrops));

        // Outputs, atomically.
        string seedsPath = Path.Combine(outputDir, SeedsFile), statsPath = Path.Combine(outputDir, StatsFile), dropsPath = Path.Combine(outputDir, DropsFile);
        using (var writer = new JsonlWriter(seedsPath))
        {
            foreach (var record in sampled)
                writer.Write(record.Write);
            writer.Commit();
        }
        using (var writer = new JsonlWriter(dropsPath))
        {
            foreach (var drop in drops)
                writer.Write(drop.Write);
            writer.Commit();
        }
        AtomicFile.Write(statsPath, stream => WriteStats(stream, options, inputs, readCount, steps, sampled));
        return new SeedSelectionSummary(seedsPath, statsPath, dropsPath, readCount, sampled.Count, steps);
    }

    private static void Validate(SeedSelectionOptions options, SeedTagger? tagger, ISentenceEmbedder? embedder)
    {
        if (options.Inputs.Count == 0)
            throw new ArgumentException("no seed input given");
        if (!(options.NearDuplicateThreshold is > 0 and <= 1))
            throw new ArgumentException($"the near-duplicate threshold must be in (0, 1] (got {options.NearDuplicateThreshold})");
        if (options.ShingleSize < 1)
            throw new ArgumentException("the shingle size must be at least 1");
        if (options.Permutations < 1)
            throw new ArgumentException("the MinHash signature needs at least one permutation");
        if (options.SemanticThreshold is { } s && !(s is > 0 and <= 1))
            throw new ArgumentException($"the semantic threshold must be in (0, 1] (got {s})");
        if (options.SemanticThreshold is not null && embedder is null)
            throw new ArgumentException("semantic dedup needs a sentence embedder");
        if (tagger is null && (options.KeepTopics is not null || options.AbilityQuota is not null))
            throw new ArgumentException("a topic filter or ability quota needs tagging (a tagging model)");
        if (options.KeepTopics is { } topics && topics.FirstOrDefault(t => !SeedTopics.All.Contains(t, StringComparer.OrdinalIgnoreCase)) is { } unknown)
            throw new ArgumentException($"unknown topic '{unknown}'; topics: {string.Join(", ", SeedTopics.All)}");
        if (options.Count < 0)
            throw new ArgumentException("the count must not be negative");
        if (options.AbilityQuota < 1)
            throw new ArgumentException("the ability quota must be at least 1");
    }

    private static async Task<List<SeedRecord>> TagAsync(
        List<SeedRecord> records, SeedTagger tagger, string folder, List<Drop> drops,
        IProgress<SeedSelectionProgress>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        string input = Path.Combine(folder, "tag-input.jsonl"), output = Path.Combine(folder, "tagged.jsonl");
        using (var writer = new JsonlWriter(input))
        {
            foreach (var record in records)
                writer.Write(record.Write);
            writer.Commit();
        }
        await tagger.RunAsync(input, output,
            new Relay<Stages.StageProgress>(p => progress?.Report(new SeedSelectionProgress("tagging", p.Done, p.Total))),
            cancellationToken).ConfigureAwait(false);
        var tags = new Dictionary<string, SeedTags>(StringComparer.Ordinal);
        foreach (var line in JsonlReader.ReadLines(output, cancellationToken))
            tags[line.RequiredString("id")] = SeedRecord.ReadTags(line.Value) ?? throw line.Error("tags", "missing in a tagged record");
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in JsonlReader.ReadLines(Stages.StageRunner.DropsPath(output), cancellationToken))
            reasons[line.RequiredString("id")] = line.RequiredString("reason");
        var tagged = new List<SeedRecord>();
        foreach (var record in records)
        {
            if (tags.TryGetValue(record.Id, out var t))
                tagged.Add(record with { Tags = t });
            else
                drops.Add(new Drop("tagging", "tagging reply unusable", record, null, null) { Detail = reasons.GetValueOrDefault(record.Id) });
        }
        return tagged;
    }

    private static List<SeedRecord> KeepUnmatched(List<SeedRecord> records, DuplicateMatch?[] matches, string step, string reason, List<Drop> drops)
    {
        var kept = new List<SeedRecord>();
        for (int i = 0; i < records.Count; i++)
        {
            if (matches[i] is { } match)
                drops.Add(new Drop(step, reason, records[i], records[match.KeptIndex].Id, match.Similarity));
            else
                kept.Add(records[i]);
        }
        return kept;
    }

    private static void Count(List<SeedStepCount> steps, List<Drop> drops, string step, int inCount, int outCount)
    {
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var d in drops.Where(d => d.Step == step))
            reasons[d.Reason] = reasons.GetValueOrDefault(d.Reason) + 1;
        steps.Add(new SeedStepCount(step, inCount, outCount, reasons));
    }

    private static string IdOf(SeedCandidate c) => Stages.ContentId.Of("seed", c.Text);

    private static void WriteStats(Stream stream, SeedSelectionOptions options, List<(string File, int Read, int Bad)> inputs, int read, List<SeedStepCount> steps, List<SeedRecord> seeds)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JsonlWriter.Options.Encoder });
        json.WriteStartObject();
        json.WriteStartArray("inputs");
        foreach (var (file, count, bad) in inputs)
        {
            json.WriteStartObject();
            json.WriteString("file", file);
            json.WriteNumber("read", count);
            json.WriteNumber("bad_lines_skipped", bad);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("read", read);
        json.WriteNumber("written", seeds.Count);
        json.WriteStartArray("steps");
        foreach (var step in steps)
        {
            json.WriteStartObject();
            json.WriteString("step", step.Step);
            json.WriteNumber("in", step.In);
            json.WriteNumber("out", step.Out);
            json.WriteStartObject("dropped");
            foreach (var (reason, n) in step.Dropped)
                json.WriteNumber(reason, n);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        WriteCounts(json, "languages", seeds.Select(s => s.Language));
        if (seeds.Any(s => s.Tags is not null))
        {
            WriteCounts(json, "topics", seeds.SelectMany(s => s.Tags?.Topics ?? []));
            json.WriteNumber("distinct_abilities", seeds.SelectMany(s => s.Tags?.Abilities ?? []).Distinct().Count());
        }
        json.WriteStartObject("options");
        json.WriteString("field", options.Field);
        json.WriteString("languages", options.Languages is null ? "all" : string.Join(",", options.Languages));
        json.WriteNumber("near_duplicate_threshold", options.NearDuplicateThreshold);
        json.WriteNumber("shingle_size", options.ShingleSize);
        json.WriteNumber("permutations", options.Permutations);
        if (options.SemanticThreshold is { } s)
            json.WriteNumber("semantic_threshold", s);
        if (options.KeepTopics is { } topics)
            json.WriteString("keep_topics", string.Join(", ", topics));
        if (options.AbilityQuota is { } q)
            json.WriteNumber("ability_quota", q);
        if (options.Count is { } c)
            json.WriteNumber("count", c);
        json.WriteNumber("seed", options.RandomSeed);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartObject(name);
        foreach (var group in values.GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
            json.WriteNumber(group.Key, group.Count());
        json.WriteEndObject();
    }

    /// <summary>A dropped seed: the step, the reason, and for duplicates the kept seed's id and the similarity.</summary>
    private sealed record Drop(string Step, string Reason, string Id, string Text, SeedSource Source, string? Language, string? DuplicateOf, double? Similarity)
    {
        public Drop(string step, string reason, SeedCandidate c, string? language, string? duplicateOf, double? similarity)
            : this(step, reason, IdOf(c), c.Text, c.Source, language, duplicateOf, similarity)
        {
        }

        public Drop(string step, string reason, SeedRecord r, string? duplicateOf, double? similarity)
            : this(step, reason, r.Id, r.Text, r.Source, r.Language, duplicateOf, similarity)
        {
        }

        public string? Detail { get; init; }

        public void Write(Utf8JsonWriter json)
        {
            json.WriteStartObject();
            json.WriteString("id", Id);
            json.WriteString("step", Step);
            json.WriteString("reason", Reason);
            if (Detail is not null)
                json.WriteString("detail", Detail);
            if (DuplicateOf is not null)
                json.WriteString("duplicate_of", DuplicateOf);
            if (Similarity is { } s)
                json.WriteNumber("similarity", Math.Round(s, 4));
            if (Language is not null)
                json.WriteString("language", Language);
            json.WriteString("text", Text);
            json.WriteStartObject("source");
            json.WriteString("file", Source.File);
            json.WriteNumber("line", Source.Line);
            json.WriteEndObject();
            json.WriteEndObject();
        }
    }

    /// <summary>Forwards reports on the reporting thread (<see cref="Progress{T}"/> would post them late and out of order).</summary>
    private sealed class Relay<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
