using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Raif.Core.Templates;
using Raif.Evaluation.Judging;
using Raif.Evaluation.Output;
using Raif.Evaluation.Run;
using Raif.Verifiers.IfEval;

namespace Raif.Evaluation.Benchmarks;

/// <summary>
/// IFEval and IFBench for <c>raif eval run</c>: prompts from the benchmark's input file (id = <c>key</c>), scored with
/// Raif's verifiers, strict and loose. Table 1 reports IFEval's prompt-level loose accuracy (spec §9.1); for IFBench
/// (Table 5, OOD) the headline is the mean of its four accuracies.
/// </summary>
public sealed class IfevalBenchmark : IBenchmark
{
    private readonly string _inputFile;
    private readonly Func<IfevalEvaluator> _evaluator;
    private readonly bool _headlineIsMean;

    /// <summary>IFEval with Google's checkers (or RAIF's variant).</summary>
    public IfevalBenchmark(IfevalVariant variant = IfevalVariant.Official)
        : this("ifeval", "input_data.jsonl", () => new IfevalEvaluator(new IfevalOptions(variant)), headlineIsMean: false)
    {
    }

    private IfevalBenchmark(string name, string inputFile, Func<IfevalEvaluator> evaluator, bool headlineIsMean)
    {
        Name = name;
        _inputFile = inputFile;
        _evaluator = evaluator;
        _headlineIsMean = headlineIsMean;
    }

    /// <summary>IFBench's current test file (<c>IFBench_test.jsonl</c>, 300 prompts) with its 58 checkers.</summary>
    public static IfevalBenchmark IfBench() =>
        new("ifbench", "IFBench_test.jsonl", () => new IfevalEvaluator(registry: Raif.Verifiers.IfBench.IfBenchRegistry.Default), headlineIsMean: true);

    public string Name { get; }

    public bool NeedsJudge => false;

    public IReadOnlyList<EvalPrompt> LoadPrompts(string dataDir, CancellationToken cancellationToken = default) =>
        [.. IfevalFiles.ReadInputs(Path.Combine(dataDir, _inputFile), cancellationToken).Select(i => new EvalPrompt(i.Key, [ChatTurn.User(i.Prompt)]))];

    public Task<BenchmarkResult> ScoreAsync(
        string dataDir,
        IReadOnlyList<string> ids,
        IReadOnlyDictionary<string, string> responses,
        JudgeClient? judge,
        string outputDir,
        CancellationToken cancellationToken = default)
    {
        var wanted = new HashSet<string>(ids, StringComparer.Ordinal);
        var inputs = IfevalFiles.ReadInputs(Path.Combine(dataDir, _inputFile), cancellationToken).Where(i => wanted.Contains(i.Key)).ToList();
        var byPrompt = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in inputs)
            byPrompt[input.Prompt] = responses.TryGetValue(input.Key, out var r) ? r : throw new InvalidDataException($"{Name}: no response for key {input.Key}");
        var run = IfevalRun.Evaluate(_evaluator(), inputs, byPrompt, cancellationToken: cancellationToken);
        Directory.CreateDirectory(outputDir);
        IfevalFiles.WriteResults(Path.Combine(outputDir, "eval_results_strict.jsonl"), run.Strict);
        IfevalFiles.WriteResults(Path.Combine(outputDir, "eval_results_loose.jsonl"), run.Loose);

        var strict = IfevalScores.Compute(run.Strict).Overall;
        var loose = IfevalScores.Compute(run.Loose).Overall;
        var scores = new JsonObject
        {
            ["prompt_strict"] = strict.PromptLevel,
            ["instruction_strict"] = strict.InstructionLevel,
            ["prompt_loose"] = loose.PromptLevel,
            ["instruction_loose"] = loose.InstructionLevel,
        };
        var items = inputs.Select((input, i) => new JsonObject
        {
            ["id"] = input.Key,
            ["instruction_id_list"] = new JsonArray([.. input.InstructionIds.Select(x => JsonValue.Create(x))]),
            ["follow_strict"] = new JsonArray([.. run.Strict[i].FollowInstructionList.Select(x => JsonValue.Create(x))]),
            ["follow_loose"] = new JsonArray([.. run.Loose[i].FollowInstructionList.Select(x => JsonValue.Create(x))]),
        });
        var report = new StringBuilder($"# {Name}\n\n| metric | value |\n|---|---|\n");
        foreach (var (name, value) in scores)
            report.Append(CultureInfo.InvariantCulture, $"| {name} | {100 * value!.GetValue<double>():F2} |\n");
        EvalOutputFolder.Write(outputDir, items, scores, report.ToString());
        return Task.FromResult(_headlineIsMean
            ? new BenchmarkResult(100 * (strict.PromptLevel + strict.InstructionLevel + loose.PromptLevel + loose.InstructionLevel) / 4, "mean of prompt/instruction strict/loose accuracy", scores)
            : new BenchmarkResult(100 * loose.PromptLevel, "prompt-level loose accuracy", scores));
    }
}
