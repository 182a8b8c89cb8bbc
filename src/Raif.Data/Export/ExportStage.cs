using System.Text.Json;
using System.Text.Json.Nodes;
using Raif.Core.Jsonl;
using Raif.Core.Tasks;
using Raif.Core.Templates;
using Raif.Data.Evolution;
using Raif.Data.Stages;

namespace Raif.Data.Export;

/// <summary>How export renders and scores.</summary>
public sealed record ExportOptions
{
    /// <summary>Chat template the RL <c>input</c> and the SFT <c>question</c> are rendered with (spec §5.2).</summary>
    public ChatTemplate Template { get; init; } = ChatTemplates.Qwen;

    /// <summary>Put the CoT trigger (spec §5.1) in the system turn.</summary>
    public bool CotTrigger { get; init; } = true;

    /// <summary>Adds the offline no-CoT reference score (spec §3.6) to every target; null leaves targets as they are.</summary>
    public NoCotScorer? NoCotScorer { get; init; }

    /// <summary>Name of the no-CoT model for the report.</summary>
    public string? NoCotModelName { get; init; }

    /// <summary>Stage outputs whose counts and drops the report shows, in pipeline order; null: those found beside the input.</summary>
    public IReadOnlyList<StageFile>? Stages { get; init; }

    /// <summary>Requests in flight (no-CoT scoring) and bad-line handling.</summary>
    public StageOptions Stage { get; init; } = new();
}

/// <summary>What export wrote.</summary>
public sealed record ExportSummary(string RlPath, string SftPath, string StatsPath, string ReportPath, IReadOnlyList<string> Plots, long Records, long SftPairs, long Dropped, long ResumedFromJournal);

/// <summary>
/// Stage 6 (spec §3.6, §3.8, §4.1, §4.4): verified pairs → <c>rl.jsonl</c> (<c>id</c>, <c>input</c> rendered for the
/// chosen template with the CoT trigger, <c>target</c> with the optional no-CoT reference score, <c>task</c>),
/// <c>sft.jsonl</c> (<c>id</c>, <c>question</c> = the same rendered prompt, <c>answer</c> = the expert completion; only
/// records with an expert response),
/// <c>stats.json</c>, <c>report.md</c> and PNG plots. RL records go through <see cref="StageRunner"/>, so model calls
/// for the no-CoT score are made once per record and a killed export resumes where it stopped; every file is
/// written atomically.
/// </summary>
public static class ExportStage
{
    public const string Name = "export";
    public const string RlFile = "rl.jsonl";
    public const string SftFile = "sft.jsonl";
    public const string StatsFile = "stats.json";

    public static async Task<ExportSummary> RunAsync(string inputPath, string outputDir, ExportOptions options,
        IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(outputDir);
        string rlPath = Path.Combine(outputDir, RlFile);
        var run = await StageRunner.RunAsync(Name, inputPath, rlPath,
            (line, ct) => ExportOneAsync(line, options, ct), options.Stage, progress, cancellationToken).ConfigureAwait(false);

        // The RL file is final; SFT pairs and statistics follow from it and the input, without model calls.
        var exported = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var line in JsonlReader.ReadLines(rlPath, cancellationToken))
            exported.TryAdd(line.RequiredString("id"), line.Value.Clone());
        var stats = new ExportStats();
        string sftPath = Path.Combine(outputDir, SftFile);
        long sftPairs;
        using (var sft = new JsonlWriter(sftPath))
        {
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in JsonlReader.ReadEntries(inputPath, cancellationToken))
            {
                if (entry.Line is not { } line || !TryParse(line, out var pair) || !exported.TryGetValue(pair!.Id, out var rl) || !written.Add(pair.Id))
                    continue;
                string question = rl.GetProperty("input").GetString()!;
                int? score = options.NoCotScorer is { } scorer ? ReadScore(rl, scorer.KeyFor(TaskRoute.Parse(pair.Task))) : null;
                stats.Add(pair, TaskRoute.Parse(pair.Task), question, score, pair.HasExpertResponse ? pair.Response ?? pair.SftCompletion(options.Template) : null);
                if (!pair.HasExpertResponse)
                    continue; // an RL prompt without an expert response (offline evolution) has nothing to clone
                sft.Write(json =>
                {
                    json.WriteStartObject();
                    json.WriteString("id", pair.Id);
                    json.WriteString("question", question);
                    json.WriteString("answer", pair.SftCompletion(options.Template));
                    json.WriteEndObject();
                });
            }
            sftPairs = sft.Count;
            sft.Commit();
        }

        var stages = (options.Stages ?? StageCount.Discover(Path.GetDirectoryName(Path.GetFullPath(inputPath))!))
            .Where(s => s.Stage != Name).Select(s => StageCount.Read(s, cancellationToken)).ToList();
        stages.Add(StageCount.Read(new StageFile(Name, rlPath), cancellationToken));
        stats.Stages = stages;
        var echo = new ExportSettingsEcho(options.Template.Name, options.CotTrigger, options.NoCotScorer is null ? null : options.NoCotModelName ?? "given model");
        string statsPath = Path.Combine(outputDir, StatsFile);
        AtomicFile.WriteAllText(statsPath, stats.ToJson(echo));
        var plots = ExportReportWriter.Write(stats, echo, outputDir);
        return new ExportSummary(rlPath, sftPath, statsPath, Path.Combine(outputDir, ExportReportWriter.ReportFile), plots,
            run.Kept, sftPairs, run.Dropped, run.ResumedFromJournal);
    }

    private static async Task<StageOutcome> ExportOneAsync(JsonlLine line, ExportOptions options, CancellationToken cancellationToken)
    {
        VerifiedPair pair;
        TaskRoute route;
        try
        {
            pair = VerifiedPair.FromJsonl(line);
            if (!TaskRoute.TryParse(pair.Task, out route, out string routeError))
                throw line.Error("task", routeError);
        }
        catch (JsonlException e) when (options.Stage.SkipBadLines)
        {
            return StageOutcome.Dropped("bad record: " + e.Message);
        }
        string input = RecordInput.Render(options.Template, options.CotTrigger, pair.Instruction);
        string target = pair.Target;
        if (options.NoCotScorer is { } scorer)
        {
            int score;
            try
            {
                score = await scorer.ScoreAsync(pair.Id, pair.Instruction, options.CotTrigger, pair.Target, route, cancellationToken).ConfigureAwait(false);
            }
            catch (Raif.Rewards.RewardTargetException e)
            {
                throw line.Error("target", e.Message, e);
            }
            target = WithScore(target, scorer.KeyFor(route), score);
        }
        return StageOutcome.Kept(RecordJson.Of(json =>
        {
            json.WriteStartObject();
            json.WriteString("id", pair.Id);
            json.WriteString("input", input);
            json.WriteString("target", target);
            json.WriteString("task", pair.Task);
            json.WriteEndObject();
        }));
    }

    /// <summary>The target JSON with <paramref name="key"/> set to <paramref name="score"/> (replaced if present, else appended; other keys keep their order).</summary>
    public static string WithScore(string target, string key, int score)
    {
        var root = JsonNode.Parse(target) as JsonObject ?? throw new InvalidDataException("target: expected a JSON object");
        root[key] = score;
        return root.ToJsonString(JsonlWriter.Options);
    }

    private static int? ReadScore(JsonElement rl, string key)
    {
        using var doc = JsonDocument.Parse(rl.GetProperty("target").GetString()!);
        return doc.RootElement.TryGetProperty(key, out var v) && v.TryGetInt32(out int score) ? score : null;
    }

    private static bool TryParse(JsonlLine line, out VerifiedPair? pair)
    {
        try
        {
            pair = VerifiedPair.FromJsonl(line);
            return true;
        }
        catch (JsonlException)
        {
            pair = null;
            return false;
        }
    }
}
