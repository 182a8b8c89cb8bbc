using System.Text.Json;
using Raif.Core.Templates;
using Raif.Evaluation.Benchmarks.Cello;
using Raif.Evaluation.Judging;
using Raif.Evaluation.Output;
using Raif.Evaluation.Run;

namespace Raif.Evaluation.Benchmarks;

/// <summary>
/// CELLO for <c>raif eval run</c>: each sample's earlier turns (<c>histories</c>) and its <c>Instruction</c> (id =
/// <c>Instruction_id</c>), scored by CELLO's rules as <c>raif eval cello</c>; Table 1 reports the mean of
/// <c>Ave_complex_ins</c> and <c>Ave_complex_input</c> (spec §9.1).
/// </summary>
public sealed class CelloBenchmark : IBenchmark
{
    public string Name => "cello";

    public bool NeedsJudge => false;

    public IReadOnlyList<EvalPrompt> LoadPrompts(string dataDir, CancellationToken cancellationToken = default)
    {
        var prompts = new List<EvalPrompt>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, samples) in CelloEvaluation.ReadData(dataDir))
        {
            foreach (var sample in samples)
            {
                // Scoring uses the first sample of an id, as upstream's matching does.
                if (seen.Add(sample.InstructionId))
                    prompts.Add(new EvalPrompt(sample.InstructionId, Conversation(sample)));
            }
        }
        return prompts;
    }

    public Task<BenchmarkResult> ScoreAsync(string dataDir, IReadOnlyList<string> ids, IReadOnlyDictionary<string, string> responses,
        JudgeClient? judge, string outputDir, CancellationToken cancellationToken = default)
    {
        var data = CelloEvaluation.ReadData(dataDir);
        var selected = ids.ToDictionary(
            id => id,
            id => responses.TryGetValue(id, out var r) ? r : throw new InvalidDataException($"{Name}: no response for item {id}"),
            StringComparer.Ordinal);
        var (items, scores) = CelloEvaluation.Evaluate(data, CelloEvaluation.FromResponses(selected, data), cancellationToken);
        var json = CelloEvaluation.ScoresJson(scores);
        EvalOutputFolder.Write(outputDir, items.Select(CelloEvaluation.ItemJson), json, CelloEvaluation.Report(scores, items.Count));
        return Task.FromResult(new BenchmarkResult(100 * scores.ByTasks["Average"], "mean of Ave_complex_ins and Ave_complex_input", json));
    }

    private static IReadOnlyList<ChatTurn> Conversation(CelloSample sample)
    {
        var turns = new List<ChatTurn>();
        var root = sample.Source.Value;
        if (root.TryGetProperty("histories", out var histories) && histories.ValueKind == JsonValueKind.Array)
        {
            int turn = 0;
            foreach (var pair in histories.EnumerateArray())
            {
                if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2
                    || pair[0].ValueKind != JsonValueKind.String || pair[1].ValueKind != JsonValueKind.String)
                    throw sample.Error("histories", $"turn {turn} is not a [user, assistant] pair of strings");
                turns.Add(ChatTurn.User(pair[0].GetString()!));
                turns.Add(ChatTurn.Assistant(pair[1].GetString()!));
                turn++;
            }
        }
        turns.Add(ChatTurn.User(sample.Source.RequiredString("Instruction")));
        return turns;
    }
}
