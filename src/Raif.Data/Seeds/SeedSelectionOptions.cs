namespace Raif.Data.Seeds;

/// <summary>What <c>raif data seeds</c> does; the tagger and the embedder are passed beside these.</summary>
public sealed record SeedSelectionOptions
{
    /// <summary>JSONL or Parquet files (by extension), read in order.</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>The field holding the instruction (chat logs fall back to their first user turn).</summary>
    public string Field { get; init; } = "instruction";

    /// <summary>A bad line or row is reported and skipped instead of stopping the run.</summary>
    public bool SkipBadLines { get; init; }

    /// <summary>Languages to keep ("en", "zh", or other langdetect codes); null keeps all.</summary>
    public IReadOnlyList<string>? Languages { get; init; }

    /// <summary>Character-shingle Jaccard similarity at which a seed is a near duplicate of a kept one.</summary>
    public double NearDuplicateThreshold { get; init; } = 0.8;

    public int ShingleSize { get; init; } = 5;

    /// <summary>MinHash signature length.</summary>
    public int Permutations { get; init; } = 128;

    /// <summary>Cosine similarity at which an English seed is a semantic duplicate of a kept one; null: no semantic dedup.</summary>
    public double? SemanticThreshold { get; init; }

    /// <summary>Keep only seeds with one of these topics (needs tagging); null keeps all.</summary>
    public IReadOnlyList<string>? KeepTopics { get; init; }

    /// <summary>Most sampled seeds per ability tag (needs tagging); null: no quota.</summary>
    public int? AbilityQuota { get; init; }

    /// <summary>Seeds to sample; null keeps every survivor.</summary>
    public int? Count { get; init; }

    public long RandomSeed { get; init; } = 1;
}

/// <summary>Progress of a seeds run: the step and how far it is (reported from worker threads too).</summary>
public sealed record SeedSelectionProgress(string Step, long Done, long Total);

/// <summary>What a seeds run wrote.</summary>
public sealed record SeedSelectionSummary(string SeedsPath, string StatsPath, string DropsPath, int Read, int Written, IReadOnlyList<SeedStepCount> Steps);

/// <summary>One step's count of seeds in and out, and the drops by reason.</summary>
public sealed record SeedStepCount(string Step, int In, int Out, IReadOnlyDictionary<string, int> Dropped);
