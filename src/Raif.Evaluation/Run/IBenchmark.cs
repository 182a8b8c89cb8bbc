using System.Text.Json.Nodes;
using Raif.Evaluation.Judging;

namespace Raif.Evaluation.Run;

/// <summary>What a benchmark reports after scoring: the number Table 1 shows for it (spec §9.1, in percent) and its full scores.</summary>
/// <param name="Headline">The paper's metric for this benchmark, 0–100.</param>
/// <param name="HeadlineName">What the headline is, e.g. "prompt-level loose accuracy".</param>
/// <param name="Scores">The benchmark's scores.json content (official metric names, unrounded).</param>
public sealed record BenchmarkResult(double Headline, string HeadlineName, JsonObject Scores);

/// <summary>
/// A benchmark that <c>raif eval run</c> can drive: it builds the prompts from its data folder (upstream layout) and
/// scores responses by id, writing its own result files to the folder it is given.
/// </summary>
public interface IBenchmark
{
    /// <summary>The name on the command line (<c>ifeval</c>, <c>cello</c>, …).</summary>
    string Name { get; }

    /// <summary>Whether scoring needs an LLM judge (for all or some items).</summary>
    bool NeedsJudge { get; }

    IReadOnlyList<EvalPrompt> LoadPrompts(string dataDir, CancellationToken cancellationToken = default);

    /// <summary>
    /// Scores <paramref name="responses"/> (by item id) for the items <paramref name="ids"/> (all prompts, or the
    /// first N of a limited run) and writes the benchmark's files to <paramref name="outputDir"/>.
    /// </summary>
    Task<BenchmarkResult> ScoreAsync(
        string dataDir,
        IReadOnlyList<string> ids,
        IReadOnlyDictionary<string, string> responses,
        JudgeClient? judge,
        string outputDir,
        CancellationToken cancellationToken = default);
}
