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
/// IFEval for <c>raif eval run</c>: prompts from <c>input_data.jsonl</c> (id = <c>key</c>), scored with Raif's
/// verifiers (Google's checkers); Table 1 reports prompt-level loose accuracy (spec §9.1).
/// </summary>
public sealed class IfevalBenchmark(IfevalVariant variant = IfevalVariant.Official) : IBenchmark
{
    public const string InputFile = "input_data.jsonl";

    public string Name => "ifeval";

    public bool NeedsJudge => false;

    public IReadOnlyList<EvalPrompt> LoadPrompts(string dataDir, CancellationToken cancellationToken = default) =>
        [.. IfevalFiles.ReadInputs(Path.Combine(dataDir, InputFile), cancellationToken).Select(i => new EvalPrompt(i.Key, [ChatTurn.User(i.Prompt)]))];

    public Task<BenchmarkResult> ScoreAsync(
        string dataDir,
        IReadOnlyList<string> ids,
        IReadOnlyDictionary<string, string> responses,
        JudgeClient? judge,
        string outputDir,
        CancellationToken cancellationToken = default)
    {
        var wanted = new HashSet<string>(ids, StringComparer.Ordinal);
        var inputs = IfevalFiles.ReadInputs(Path.Combine(dataDir, InputFile), cancellationToken).Where(i => wanted.Contains(i.Key)).ToList();
        var byPrompt = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in inputs)
            byPrompt[input.Prompt] = responses.TryGetValue(input.Key, out var r) ? r : throw new InvalidDataException($"ifeval: no response for key {input.Key}");
        var run = IfevalRun.Evaluate(new IfevalEvaluator(new IfevalOptions(variant)), inputs, byPrompt, cancellationToken: cancellationToken);
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
        var report = new StringBuilder("# IFEval\n\n| metric | value |\n|---|---|\n");
        foreach (var (name, value) in scores)
            report.Append(CultureInfo.InvariantCulture, $"| {name} | {100 * value!.GetValue<double>():F2} |\n");
        EvalOutputFolder.Write(outputDir, items, scores, report.ToString());
        return Task.FromResult(new BenchmarkResult(100 * loose.PromptLevel, "prompt-level loose accuracy", scores));
    }
}
