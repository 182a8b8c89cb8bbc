using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Raif.Core.Jsonl;
using Raif.Evaluation.Judging;
using Raif.Evaluation.Responses;

namespace Raif.Evaluation.Benchmarks.FollowBench;

/// <summary>One scored (or, under --rules-only, unscored) FollowBench item.</summary>
public sealed record FollowBenchItem(FollowBenchRecord Record, FollowBenchMethod Method, bool? RuleSatisfied, FollowBenchVerdict? Verdict)
{
    public bool Scored => RuleSatisfied is not null || Verdict is not null;

    /// <summary>Upstream's hard value: rule 1/0; judge 1/0/−1.</summary>
    public double Hard => RuleSatisfied is { } r ? (r ? 1 : 0) : Verdict!.Hard;

    /// <summary>Upstream's soft value: rule 1/0 (rules count for both); judge share of YES or −1.</summary>
    public double Soft => RuleSatisfied is { } r ? (r ? 1 : 0) : Verdict!.Soft;
}

/// <summary>HSR and SSR per level (percent) and CSL for one constraint type.</summary>
public sealed record FollowBenchTypeScores(double[] Hsr, double[]? Ssr, double Csl, int Groups);

/// <summary>
/// FollowBench scoring as upstream's <c>eval.py</c> drives it. Per judged type: HSR at level L = (Σ judge hard +
/// Σ rule verdicts at L) / (⌊#judge items / 5⌋ + ⌊#rule items / 5⌋) × 100, SSR the same with soft values (a rule
/// verdict counts as both), an unparsed judge reply adding −1 to both as upstream does; CSL = Σ over 5-level groups
/// of the number of leading levels whose hard value is 1, over the number of groups. <c>example</c>: HSR from the
/// template match over ⌊200 / 5⌋ groups and its CSL (upstream computes no SSR for it). <c>overall</c> averages HSR
/// and SSR over the five judged types (the files upstream's aggregator.py globs) and CSL over all six. With
/// <c>rulesOnly</c>, judge items are left unscored and each type's numbers are its rule side alone.
/// </summary>
public static class FollowBenchEvaluation
{
    public static readonly string[] JudgedTypes = ["content", "situation", "style", "format", "mixed"];

    public static IReadOnlyDictionary<string, IReadOnlyList<FollowBenchRecord>> ReadData(string dataDir, FollowBenchLanguage language)
    {
        string folder = FollowBenchData.Folder(dataDir, language);
        return FollowBenchData.ConstraintTypes.ToDictionary(t => t, t => FollowBenchData.Read(folder, t), StringComparer.Ordinal);
    }

    /// <summary>Raif's uniform responses: <c>{"id": "&lt;type&gt;:&lt;index&gt;", "response": ...}</c> per line.</summary>
    public static IReadOnlyDictionary<string, string> ReadResponses(string path) => ResponseFiles.ReadJsonl(path, "id", "response").ById;

    /// <summary>
    /// Scores every item at level ≥ 1 from judge replies already held in <paramref name="judgments"/> (no judge
    /// model): rule items need a response; a judged item without a reply is an error unless <paramref name="rulesOnly"/>.
    /// </summary>
    public static IReadOnlyList<FollowBenchItem> Score(
        IReadOnlyDictionary<string, IReadOnlyList<FollowBenchRecord>> data,
        FollowBenchLanguage language,
        IReadOnlyDictionary<string, string> responses,
        JudgmentLog? judgments,
        bool rulesOnly,
        string responsesName = "--responses",
        CancellationToken cancellationToken = default)
    {
        using var client = new JudgeClient(null, judgments ?? JudgmentLog.InMemory());
        return ScoreAsync(data, language, responses, client, rulesOnly, responsesName, cancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Scores every item at level ≥ 1. Rule items need a response. Judged items (unless <paramref name="rulesOnly"/>)
    /// are asked of <paramref name="judge"/> with upstream's prompt as one user message (upstream llm_eval.py: one
    /// user turn, temperature 0); a reply already in its log is reused, and then the response is not needed.
    /// </summary>
    public static async Task<IReadOnlyList<FollowBenchItem>> ScoreAsync(
        IReadOnlyDictionary<string, IReadOnlyList<FollowBenchRecord>> data,
        FollowBenchLanguage language,
        IReadOnlyDictionary<string, string> responses,
        JudgeClient judge,
        bool rulesOnly,
        string responsesName = "--responses",
        CancellationToken cancellationToken = default,
        IProgress<int>? judged = null)
    {
        var slots = new List<Task<FollowBenchItem>>();
        int done = 0;
        foreach (string type in FollowBenchData.ConstraintTypes)
        {
            var typeRecords = data[type];
            foreach (var record in typeRecords)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (FollowBenchData.MethodOf(record, language) is not { } method)
                    continue;
                if (method == FollowBenchMethod.Rule)
                {
                    if (!responses.TryGetValue(record.Id, out string? generation))
                        throw new InvalidDataException($"{responsesName}: no response for rule-scored item {record.Id}");
                    slots.Add(Task.FromResult(new FollowBenchItem(record, method, FollowBenchRules.Check(record, generation, language), null)));
                }
                else if (rulesOnly)
                    slots.Add(Task.FromResult(new FollowBenchItem(record, method, null, null)));
                else
                {
                    var conversation = new List<ChatMessage>();
                    if (!judge.Log.TryGet(record.Id, null, 0, out _))
                    {
                        if (!responses.TryGetValue(record.Id, out string? answer))
                            throw new InvalidDataException($"no judge reply for {record.Id} and no response in {responsesName} to judge (give --judgments, or --rules-only to leave judged items unscored)");
                        conversation.Add(new ChatMessage(ChatRole.User, JudgePrompt(typeRecords, record, answer, language)));
                    }
                    slots.Add(AskAsync(record, method, conversation));
                }
            }
        }
        return await Task.WhenAll(slots).ConfigureAwait(false);

        async Task<FollowBenchItem> AskAsync(FollowBenchRecord record, FollowBenchMethod method, List<ChatMessage> conversation)
        {
            string reply = await judge.AskAsync(record.Id, null, conversation, 0, cancellationToken).ConfigureAwait(false);
            judged?.Report(Interlocked.Increment(ref done));
            return new FollowBenchItem(record, method, null, FollowBenchJudgeReply.Parse(reply, record.Level, language));
        }
    }

    /// <summary>The judge prompt for a judged item: its example's instructions from level 0 up to its level, then the answer.</summary>
    public static string JudgePrompt(IReadOnlyList<FollowBenchRecord> typeRecords, FollowBenchRecord record, string answer, FollowBenchLanguage language)
    {
        // upstream collects consecutive records with the same example_id, in file order, up to this one.
        var evolve = new List<string>();
        for (int i = 0; i <= record.Index; i++)
        {
            if (i > 0 && typeRecords[i].ExampleId != typeRecords[i - 1].ExampleId)
                evolve.Clear();
            evolve.Add(typeRecords[i].Instruction);
        }
        return FollowBenchJudgePrompt.Build(record.ConstraintType, evolve, answer, language);
    }

    public static IReadOnlyDictionary<string, FollowBenchTypeScores> Aggregate(IReadOnlyList<FollowBenchItem> items)
    {
        var result = new Dictionary<string, FollowBenchTypeScores>(StringComparer.Ordinal);
        foreach (string type in FollowBenchData.ConstraintTypes)
        {
            var typeItems = items.Where(i => i.Record.ConstraintType == type && i.Scored).ToList();
            var judged = typeItems.Where(i => i.Method == FollowBenchMethod.Judge).ToList();
            var ruled = typeItems.Where(i => i.Method == FollowBenchMethod.Rule).ToList();
            int groups = judged.Count / 5 + ruled.Count / 5;
            var hsr = new double[5];
            var ssr = new double[5];
            foreach (var item in typeItems)
            {
                hsr[item.Record.Level - 1] += item.Hard;
                ssr[item.Record.Level - 1] += item.Soft;
            }
            for (int l = 0; l < 5; l++)
            {
                hsr[l] = hsr[l] / groups * 100;
                ssr[l] = ssr[l] / groups * 100;
            }
            var (judgeConsistency, judgeGroups) = Consistency(judged);
            var (ruleConsistency, ruleGroups) = Consistency(ruled);
            double csl = (double)(judgeConsistency + ruleConsistency) / (judgeGroups + ruleGroups);
            result[type] = new FollowBenchTypeScores(hsr, type == "example" ? null : ssr, csl, groups);
        }
        return result;
    }

    /// <summary>upstream's CSL loop: a run restarts at each level-1 item; at level 5 the leading 1s are counted.</summary>
    private static (int Consistency, int Groups) Consistency(IReadOnlyList<FollowBenchItem> items)
    {
        int total = 0;
        int groups = 0;
        var run = new List<double>();
        foreach (var item in items)
        {
            if (item.Record.Level == 1)
                run.Clear();
            run.Add(item.Hard);
            if (item.Record.Level == 5)
            {
                if (run.Count != 5)
                    throw item.Record.Line.Error("level", $"the 5-level group ending here has {run.Count} scored levels (upstream asserts 5)");
                total += run.TakeWhile(h => h == 1).Count();
                groups++;
            }
        }
        return (total, groups);
    }

    public static JsonObject ItemJson(FollowBenchItem item)
    {
        var json = new JsonObject
        {
            ["id"] = item.Record.Id,
            ["constraint_type"] = item.Record.ConstraintType,
            ["level"] = item.Record.Level,
            ["example_id"] = item.Record.ExampleId,
            ["method"] = item.Method == FollowBenchMethod.Rule ? "rule" : "judge",
            ["satisfied"] = item.Scored ? item.Hard == 1 : null,
        };
        if (item.Method == FollowBenchMethod.Judge)
        {
            json["constraint_satisfied"] = item.Verdict?.ConstraintSatisfied is { } list ? new JsonArray([.. list.Select(b => JsonValue.Create(b))]) : null;
            if (item.Verdict is { } v)
            {
                json["hard"] = v.Hard;
                json["soft"] = v.Soft;
                json["judge_parse_failed"] = v.ParseFailed;
            }
        }
        return json;
    }

    private static readonly string[] LevelNames = ["level 1", "level 2", "level 3", "level 4", "level 5"];

    public static JsonObject ScoresJson(IReadOnlyDictionary<string, FollowBenchTypeScores> scores, FollowBenchLanguage language, bool rulesOnly)
    {
        var json = new JsonObject
        {
            ["lang"] = language == FollowBenchLanguage.En ? "en" : "zh",
            ["rules_only"] = rulesOnly,
        };
        foreach (var (type, s) in scores)
        {
            json[type] = new JsonObject
            {
                ["HSR"] = Levels(s.Hsr),
                ["SSR"] = s.Ssr is null ? null : Levels(s.Ssr),
                ["CSL"] = Number(s.Csl),
                ["groups"] = s.Groups,
            };
        }
        var judged = JudgedTypes.Select(t => scores[t]).ToList();
        json["overall"] = new JsonObject
        {
            ["HSR"] = Levels([.. Enumerable.Range(0, 5).Select(l => judged.Average(s => s.Hsr[l]))]),
            ["SSR"] = Levels([.. Enumerable.Range(0, 5).Select(l => judged.Average(s => s.Ssr![l]))]),
            ["CSL"] = Number(scores.Values.Average(s => s.Csl)),
        };
        return json;
    }

    private static JsonObject Levels(double[] values)
    {
        var o = new JsonObject();
        for (int l = 0; l < 5; l++)
            o[LevelNames[l]] = Number(values[l]);
        return o;
    }

    private static JsonNode? Number(double v) => double.IsNaN(v) || double.IsInfinity(v) ? null : JsonValue.Create(v);

    public static string Report(IReadOnlyDictionary<string, FollowBenchTypeScores> scores, FollowBenchLanguage language, bool rulesOnly, int items, int unscored)
    {
        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        sb.AppendLine(c, $"# FollowBench ({(language == FollowBenchLanguage.En ? "EN" : "ZH")}{(rulesOnly ? ", rules only" : "")})").AppendLine();
        sb.AppendLine(c, $"{items} items at level ≥ 1; {unscored} left unscored.").AppendLine();
        sb.AppendLine("| type | HSR L1 | L2 | L3 | L4 | L5 | SSR L1 | L2 | L3 | L4 | L5 | CSL |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (type, s) in scores)
        {
            string ssr = s.Ssr is null ? string.Join(" | ", Enumerable.Repeat("-", 5)) : string.Join(" | ", s.Ssr.Select(F));
            sb.AppendLine(c, $"| {type} | {string.Join(" | ", s.Hsr.Select(F))} | {ssr} | {F(s.Csl)} |");
        }
        return sb.ToString();
    }

    private static string F(double v) => double.IsNaN(v) ? "NaN" : v.ToString("0.00", CultureInfo.InvariantCulture);
}
