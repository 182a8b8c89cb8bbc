using System.Globalization;
using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Core.Tasks;

namespace Raif.Data.Export;

/// <summary>
/// What export wrote, counted: records per task, language and composition, constraint ids (ifeval) and checklist
/// sizes (complex), lengths in characters (instruction, rendered input, expert response), no-CoT scores, and the
/// per-stage counts that led here.
/// </summary>
public sealed class ExportStats
{
    private readonly SortedDictionary<string, long> _tasks = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _languages = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _compositions = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _constraintIds = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, long> _constraintsPerRecord = [];
    private readonly SortedDictionary<int, long> _questionsPerRecord = [];
    private readonly SortedDictionary<int, long> _noCotScores = [];
    private readonly Dictionary<string, List<long>> _instructionLengths = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _responseLengths = new(StringComparer.Ordinal);
    private readonly List<long> _inputLengths = [];

    public long Records { get; private set; }

    public IReadOnlyList<StageCount> Stages { get; set; } = [];

    public IReadOnlyDictionary<string, long> Tasks => _tasks;

    public IReadOnlyDictionary<string, long> Languages => _languages;

    public IReadOnlyDictionary<string, long> Compositions => _compositions;

    public IReadOnlyDictionary<string, long> ConstraintIds => _constraintIds;

    public IReadOnlyDictionary<int, long> ConstraintsPerRecord => _constraintsPerRecord;

    public IReadOnlyDictionary<int, long> QuestionsPerRecord => _questionsPerRecord;

    public IReadOnlyDictionary<int, long> NoCotScores => _noCotScores;

    /// <summary>Instruction lengths (characters) per language, with "all".</summary>
    public IReadOnlyDictionary<string, List<long>> InstructionLengths => _instructionLengths;

    /// <summary>Expert response lengths (characters, reasoning and answer) per language, with "all".</summary>
    public IReadOnlyDictionary<string, List<long>> ResponseLengths => _responseLengths;

    public IReadOnlyList<long> InputLengths => _inputLengths;

    /// <summary>Counts one exported record: its rendered input, no-CoT score and expert response, where there are any.</summary>
    public void Add(VerifiedPair pair, TaskRoute route, string renderedInput, int? noCotScore, string? responseText)
    {
        Records++;
        Bump(_tasks, route.Task);
        string language = pair.Language ?? "unknown";
        Bump(_languages, language);
        Bump(_compositions, pair.Composition ?? "unknown");
        using (var doc = JsonDocument.Parse(pair.Target))
        {
            var root = doc.RootElement;
            if (route.Kind == TaskKind.IfEval && root.TryGetProperty("instruction_id_list", out var ids) && ids.ValueKind == JsonValueKind.Array)
            {
                foreach (var id in ids.EnumerateArray())
                    Bump(_constraintIds, id.GetString() ?? "?");
                Bump(_constraintsPerRecord, ids.GetArrayLength());
            }
            else if (route.Kind == TaskKind.Complex && root.TryGetProperty("scoring_questions", out var questions) && questions.ValueKind == JsonValueKind.Array)
            {
                Bump(_questionsPerRecord, questions.GetArrayLength());
            }
        }
        if (noCotScore is { } score)
            Bump(_noCotScores, score);
        foreach (string key in new[] { "all", language })
        {
            Lengths(_instructionLengths, key).Add(pair.Instruction.Length);
            if (responseText is not null)
                Lengths(_responseLengths, key).Add(responseText.Length);
        }
        _inputLengths.Add(renderedInput.Length);
    }

    private static List<long> Lengths(Dictionary<string, List<long>> byLanguage, string key)
    {
        if (!byLanguage.TryGetValue(key, out var list))
            byLanguage[key] = list = [];
        return list;
    }

    private static void Bump<TKey>(SortedDictionary<TKey, long> counts, TKey key) where TKey : notnull =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    /// <summary>stats.json: indented, keys in a fixed order, so the same data gives the same bytes.</summary>
    public string ToJson(ExportSettingsEcho settings)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JsonlWriter.Options.Encoder }))
        {
            json.WriteStartObject();
            json.WriteNumber("records", Records);
            json.WriteString("template", settings.Template);
            json.WriteBoolean("cot_trigger", settings.CotTrigger);
            if (settings.NoCotModel is not null)
                json.WriteString("no_cot_score_model", settings.NoCotModel);
            json.WriteStartArray("stages");
            foreach (var stage in Stages)
            {
                json.WriteStartObject();
                json.WriteString("stage", stage.Stage);
                json.WriteNumber("input", stage.Input);
                json.WriteNumber("kept", stage.Kept);
                json.WriteNumber("dropped", stage.Dropped);
                WriteNumber(json, "retention", stage.Retention);
                Counts(json, "drop_reasons", stage.DropReasons);
                if (stage.Stats is { } stats)
                {
                    json.WritePropertyName("stage_stats");
                    stats.WriteTo(json);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (Stages.Count > 0 && Stages[0].Input > 0)
                WriteNumber(json, "overall_retention", (double)Records / Stages[0].Input);
            Counts(json, "tasks", _tasks);
            Counts(json, "languages", _languages);
            Counts(json, "compositions", _compositions);
            Counts(json, "constraints_per_record", Keyed(_constraintsPerRecord));
            Counts(json, "constraint_ids", _constraintIds);
            Counts(json, "scoring_questions_per_record", Keyed(_questionsPerRecord));
            if (_noCotScores.Count > 0)
                Counts(json, "no_cot_scores", Keyed(_noCotScores));
            json.WriteStartObject("lengths_chars");
            Summaries(json, "instruction", _instructionLengths);
            Summaries(json, "response", _responseLengths);
            json.WritePropertyName("rendered_input");
            Summary(json, LengthSummary.Of(_inputLengths));
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    internal static IEnumerable<KeyValuePair<string, long>> Keyed(IReadOnlyDictionary<int, long> counts) =>
        counts.Select(kv => KeyValuePair.Create(kv.Key.ToString(CultureInfo.InvariantCulture), kv.Value));

    private static void Summaries(Utf8JsonWriter json, string name, Dictionary<string, List<long>> byLanguage)
    {
        json.WriteStartObject(name);
        foreach (var (key, values) in byLanguage.OrderBy(kv => kv.Key == "all" ? "" : kv.Key, StringComparer.Ordinal))
        {
            json.WritePropertyName(key);
            Summary(json, LengthSummary.Of(values));
        }
        json.WriteEndObject();
    }

    private static void Summary(Utf8JsonWriter json, LengthSummary s)
    {
        json.WriteStartObject();
        json.WriteNumber("count", s.Count);
        WriteNumber(json, "mean", s.Mean);
        WriteNumber(json, "std", s.StdDev);
        json.WriteNumber("min", s.Min);
        WriteNumber(json, "median", s.Median);
        json.WriteNumber("max", s.Max);
        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
            json.WriteNumber(name, Math.Round(value, 4));
        else
            json.WriteNull(name);
    }

    private static void Counts(Utf8JsonWriter json, string name, IEnumerable<KeyValuePair<string, long>> counts)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in counts)
            json.WriteNumber(key, value);
        json.WriteEndObject();
    }
}

/// <summary>The export settings stats.json repeats, so a report says how its files were made.</summary>
public sealed record ExportSettingsEcho(string Template, bool CotTrigger, string? NoCotModel);
