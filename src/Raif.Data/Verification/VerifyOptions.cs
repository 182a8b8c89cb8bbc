using Raif.RemoteModels;
using Raif.Verifiers.IfEval;

namespace Raif.Data.Verification;

/// <summary>How <see cref="VerifyStage"/> checks the expert pairs.</summary>
public sealed record VerifyOptions
{
    /// <summary>Records from <c>raif data respond</c> (with <c>instruction</c>, <c>target</c>, <c>task</c>, <c>response</c>).</summary>
    public required string InputPath { get; init; }

    /// <summary>Where the kept pairs go (journal and drops file beside it).</summary>
    public required string OutputPath { get; init; }

    /// <summary>Which checks run, in this order: <see cref="VerifyChecks.Constraints"/> and quality check names; default all.</summary>
    public IReadOnlyList<string> Checks { get; init; } = VerifyChecks.All;

    /// <summary>Records checked at once (each has at most one judge request in flight, except a log-prob checklist).</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>Checker semantics of <c>ifeval</c> constraints; use what the trainer's reward will use.</summary>
    public IfevalVariant IfevalVariant { get; init; } = IfevalVariant.Official;

    /// <summary>Most tokens of one judge reply (a reasoning judge needs room to think); null leaves it to the server.</summary>
    public int? JudgeMaxOutputTokens { get; init; } = 4096;

    /// <summary>Judge temperature; 0 for repeatable verdicts, null leaves it to the server.</summary>
    public float? JudgeTemperature { get; init; } = 0f;

    /// <summary>Times a judge reply that breaks its format is asked again before the pair is dropped for it.</summary>
    public int FormatRetries { get; init; } = 1;

    /// <summary>Per-request timeout and retries of transient failures of the chat judge.</summary>
    public RetryPolicy Retry { get; init; } = new(TimeSpan.FromMinutes(5));

    /// <summary>A malformed input line is reported and skipped instead of stopping the stage.</summary>
    public bool SkipBadLines { get; init; }
}
