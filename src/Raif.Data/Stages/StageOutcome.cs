using System.Text.Json;

namespace Raif.Data.Stages;

/// <summary>What a stage made of one input record: a kept output record, or a drop with its reason.</summary>
public sealed record StageOutcome(JsonElement? Record, string? DropReason)
{
    public static StageOutcome Kept(JsonElement record) => new(record, null);

    public static StageOutcome Dropped(string reason) => new(null, reason);

    public bool IsKept => Record is not null;
}

/// <summary>Progress of a stage: input records done (this run and before), kept, dropped, bad lines skipped, and an ETA.</summary>
public sealed record StageProgress(string Stage, long Done, long Total, long Kept, long Dropped, long SkippedLines, TimeSpan? Eta);

/// <summary>How a stage runs.</summary>
public sealed record StageOptions
{
    /// <summary>Records processed at once (requests in flight for a model stage).</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>A malformed input line is reported and skipped instead of stopping the stage.</summary>
    public bool SkipBadLines { get; init; }
}

/// <summary>The end of a stage run.</summary>
public sealed record StageSummary(string OutputPath, string DropsPath, long Kept, long Dropped, long ResumedFromJournal, IReadOnlyList<string> SkippedLines);
