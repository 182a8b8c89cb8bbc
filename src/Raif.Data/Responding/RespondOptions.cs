using Raif.RemoteModels;

namespace Raif.Data.Responding;

/// <summary>How <see cref="RespondStage"/> asks the expert model.</summary>
public sealed record RespondOptions
{
    /// <summary>RL prompt records (JSONL) with a plain-text instruction.</summary>
    public required string InputPath { get; init; }

    /// <summary>Where the records with the expert's response go (its journal and drops file sit beside it).</summary>
    public required string OutputPath { get; init; }

    /// <summary>The field holding the instruction sent to the expert as the only user message (no template, no system turn).</summary>
    public string InstructionField { get; init; } = "instruction";

    /// <summary>Requests in flight at once.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>Most tokens of one reply (reasoning included); null leaves it to the server.</summary>
    public int? MaxOutputTokens { get; init; } = 16384;

    /// <summary>Sampling temperature; null leaves it to the server (0 gives greedy, repeatable replies).</summary>
    public float? Temperature { get; init; }

    /// <summary>Per-request timeout and retries of transient failures.</summary>
    public RetryPolicy Retry { get; init; } = new(TimeSpan.FromMinutes(10));

    /// <summary>A malformed input line is reported and skipped instead of stopping the stage.</summary>
    public bool SkipBadLines { get; init; }
}
