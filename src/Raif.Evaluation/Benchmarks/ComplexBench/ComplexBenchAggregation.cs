using System.Text.Json;
using System.Text.Json.Nodes;
using Raif.Core.Jsonl;
using Raif.Evaluation.Responses;

namespace Raif.Evaluation.Benchmarks.ComplexBench;

/// <summary>One scoring question of an entry: its tags and the questions it depends on.</summary>
public sealed record ComplexBenchQuestion(IReadOnlyList<string> ConstraintDimensions, IReadOnlyList<string> CompositionTypes, IReadOnlyList<int> Dep);

/// <summary>One instruction in <c>data_final.json</c>'s schema (the fields the aggregation reads).</summary>
public sealed record ComplexBenchEntry(int MainId, string? Group, string Category, string TaskTypes, IReadOnlyList<string> CompositionTypes, IReadOnlyList<ComplexBenchQuestion> Questions);

/// <summary>
/// ComplexBench's dependency-aware aggregation (upstream <c>evaluation/aggregation.py</c>, 749f457), keeping its
/// three different readings of verdict 2 ("not decidable by rule"):
/// <list type="bullet">
/// <item><c>get_rely_judgment</c> fails a question when a dependency's verdict <c>== False</c>: a 2 does not fail its
/// dependents and itself stays 2 (dependencies are read from the raw verdicts, not transitively);</item>
/// <item>the per-dimension and per-composition accuracies count a verdict when it is truthy: 2 counts as met;</item>
/// <item><c>overall_drfr</c> and the category / task / nesting tables count <c>== True</c>: 2 counts as not met;</item>
/// <item>the coherent tests fail a sample on <c>== False</c>: 2 passes.</item>
/// </list>
/// Dictionaries keep Python's insertion order; <c>categorized_*</c> and <c>nested_methods_drfr</c> are sorted.
/// </summary>
public static class ComplexBenchAggregation
{
    private static readonly string[] Lexical = ["Word Matching", "Keywords"];
    private static readonly string[] Structure = ["JSON Format", "Markdown Format", "Bullets Format", "Length", "Start with", "End with", "Punctuation", "Template"];
    private static readonly string[] Semantic = ["Language Style", "Personalization", "Topic", "Sentiment"];
    private static readonly string[] Utility = ["Helpfulness", "Target Language", "Supportiveness", "Consistency", "Factuality"];

    private static string TypeOf(string dimension) =>
        Lexical.Contains(dimension) ? "Lexical"
        : Structure.Contains(dimension) ? "Structure"
        : Semantic.Contains(dimension) ? "Semantic"
        : Utility.Contains(dimension) ? "Utillity" // sic: upstream's key
        : "Others";

    /// <summary>upstream <c>get_rely_judgment</c>.</summary>
    public static IReadOnlyList<ComplexBenchVerdict> Rely(ComplexBenchEntry entry, IReadOnlyList<ComplexBenchVerdict> judges)
    {
        var rely = judges.ToArray();
        for (int i = 0; i < entry.Questions.Count; i++)
            foreach (int dep in entry.Questions[i].Dep)
                if (judges[dep] == ComplexBenchVerdict.False)
                    rely[i] = ComplexBenchVerdict.False;
        return rely;
    }

    /// <summary>Python's dict with insertion order, for counters and ratios.</summary>
    private sealed class OrderedCounts
    {
        private readonly List<string> _order = [];
        private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);

        public void Add(string key, double amount = 1)
        {
            if (!_values.ContainsKey(key))
                _order.Add(key);
            _values[key] = _values.GetValueOrDefault(key) + amount;
        }

        public void Set(string key, double value)
        {
            if (!_values.ContainsKey(key))
                _order.Add(key);
            _values[key] = value;
        }

        public double Get(string key) => _values.GetValueOrDefault(key);

        public IEnumerable<string> Keys => _order;

        public JsonObject ToJson(bool sorted)
        {
            var o = new JsonObject();
            foreach (string k in sorted ? _order.OrderBy(k => k, StringComparer.Ordinal).ToList() : _order)
                o[k] = _values[k];
            return o;
        }
    }

    /// <summary>Ratios of accurate over counted, written into <paramref name="acc"/> as upstream does (keys first incremented keep their place).</summary>
    private static void ToRatios(OrderedCounts acc, OrderedCounts cnt)
    {
        foreach (string k in cnt.Keys.ToList())
            acc.Set(k, acc.Get(k) / cnt.Get(k));
    }

    /// <summary>
    /// upstream <c>aggregation</c>. Where upstream divides by zero (no Selection group of depth 1 or ≥ 2, as in a
    /// subset of the data) it raises; with <paramref name="undefinedAsNull"/> those statistics are null instead, so
    /// that a partial run still reports the rest.
    /// </summary>
    public static JsonObject Statistics(IReadOnlyList<ComplexBenchEntry> entries, IReadOnlyList<IReadOnlyList<ComplexBenchVerdict>> rely, bool undefinedAsNull = false)
    {
        OrderedCounts categoriesCnt = new(), categoriesAcc = new(), avgCnt = new(), avgAcc = new(), typesCnt = new(), typesAcc = new(),
            eachCnt = new(), eachAcc = new(), tasksCnt = new(), tasksAcc = new(), nestedCnt = new(), nestedAcc = new();
        int countTrue = 0, countFalse = 0;
        for (int e = 0; e < entries.Count; e++)
        {
            var entry = entries[e];
            var r = rely[e];
            for (int i = 0; i < entry.Questions.Count; i++)
            {
                bool truthy = r[i] != ComplexBenchVerdict.False;
                foreach (string dimension in entry.Questions[i].ConstraintDimensions)
                {
                    string type = TypeOf(dimension);
                    typesCnt.Add(type);
                    eachCnt.Add(dimension);
                    if (truthy)
                    {
                        typesAcc.Add(type);
                        eachAcc.Add(dimension);
                    }
                }
                foreach (string composition in entry.Questions[i].CompositionTypes)
                {
                    typesCnt.Add(composition);
                    eachCnt.Add(composition);
                    if (truthy)
                    {
                        typesAcc.Add(composition);
                        eachAcc.Add(composition);
                    }
                }
            }
            string categoryAvg = entry.Category.Split('_')[0];
            string nested = string.Join("_", entry.CompositionTypes.OrderBy(c => c, StringComparer.Ordinal));
            int n = entry.Questions.Count;
            categoriesCnt.Add(entry.Category, n);
            avgCnt.Add(categoryAvg, n);
            tasksCnt.Add(entry.TaskTypes, n);
            nestedCnt.Add(nested, n);
            foreach (var verdict in r)
            {
                if (verdict == ComplexBenchVerdict.True)
                {
                    categoriesAcc.Add(entry.Category);
                    avgAcc.Add(categoryAvg);
                    tasksAcc.Add(entry.TaskTypes);
                    nestedAcc.Add(nested);
                    countTrue++;
                }
                else
                    countFalse++;
            }
        }
        ToRatios(typesAcc, typesCnt);
        ToRatios(categoriesAcc, categoriesCnt);
        ToRatios(avgAcc, avgCnt);
        ToRatios(nestedAcc, nestedCnt);
        ToRatios(eachAcc, eachCnt);
        ToRatios(tasksAcc, tasksCnt);

        var (single, multiple) = CoherentTests(entries, rely, undefinedAsNull);
        return new JsonObject
        {
            ["overall_drfr"] = Divide(countTrue, countTrue + countFalse, "overall_drfr", undefinedAsNull),
            ["categorized_drfr"] = categoriesAcc.ToJson(sorted: true),
            ["categorized_avg_drfr"] = avgAcc.ToJson(sorted: true),
            ["task_types_drfr"] = tasksAcc.ToJson(sorted: false),
            ["nested_methods_drfr"] = nestedAcc.ToJson(sorted: true),
            ["constraint_types_and_composition_types_acc"] = typesAcc.ToJson(sorted: false),
            ["each_constraint_dimensions_and_composition_types_acc"] = eachAcc.ToJson(sorted: false),
            ["single_origin_test"] = single.Origin,
            ["single_coherent_test"] = single.Coherent,
            ["single_relative_drop"] = Drop(single, undefinedAsNull),
            ["multiple_origin_test"] = multiple.Origin,
            ["multiple_coherent_test"] = multiple.Coherent,
            ["miltiple_relative_drop"] = Drop(multiple, undefinedAsNull), // sic: upstream's key
        };
    }

    private static double? Drop((double? Origin, double? Coherent) test, bool undefinedAsNull) =>
        test is { Origin: { } origin, Coherent: { } coherent } && !(undefinedAsNull && origin == 0) ? (origin - coherent) / origin : null;

    private static double? Divide(double a, double b, string what, bool undefinedAsNull) =>
        b != 0 ? a / b
        : undefinedAsNull ? null
        : throw new InvalidDataException($"ComplexBench aggregation: {what} divides by zero (upstream raises ZeroDivisionError)");

    private static ((double? Origin, double? Coherent) Single, (double? Origin, double? Coherent) Multiple) CoherentTests(
        IReadOnlyList<ComplexBenchEntry> entries, IReadOnlyList<IReadOnlyList<ComplexBenchVerdict>> rely, bool undefinedAsNull)
    {
        // Entries grouped by 'group' in first-seen order (null is a group too); a group's selection depth is that of its first entry.
        var groups = new List<List<int>>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int e = 0; e < entries.Count; e++)
        {
            string key = entries[e].Group is { } g ? "g:" + g : "null";
            if (!index.TryGetValue(key, out int at))
            {
                index[key] = at = groups.Count;
                groups.Add([]);
            }
            groups[at].Add(e);
        }
        int tree1 = 0, tree2 = 0, tree1Acc = 0, tree2Acc = 0, total1Acc = 0, total2Acc = 0, total1Cnt = 0, total2Cnt = 0;
        foreach (var group in groups)
        {
            int depth = entries[group[0]].Questions.Count(q => q.CompositionTypes.Contains("Selection"));
            if (depth < 1)
                continue;
            bool all = true;
            int samples = 0, passed = 0;
            foreach (int e in group)
            {
                samples++;
                bool ok = rely[e].All(v => v != ComplexBenchVerdict.False);
                if (ok)
                    passed++;
                else
                    all = false;
            }
            if (depth == 1)
            {
                tree1++;
                total1Cnt += samples;
                total1Acc += passed;
                tree1Acc += all ? 1 : 0;
            }
            else
            {
                tree2++;
                total2Cnt += samples;
                total2Acc += passed;
                tree2Acc += all ? 1 : 0;
            }
        }
        return ((Divide(total1Acc, total1Cnt, "single_origin_test", undefinedAsNull), Divide(tree1Acc, tree1, "single_coherent_test", undefinedAsNull)),
            (Divide(total2Acc, total2Cnt, "multiple_origin_test", undefinedAsNull), Divide(tree2Acc, tree2, "multiple_coherent_test", undefinedAsNull)));
    }

    // ---- reading ----

    /// <summary>Entries from a JSON array in <c>data_final.json</c>'s schema, or an object holding one under <c>entries</c>.</summary>
    public static IReadOnlyList<ComplexBenchEntry> ReadEntries(string path)
    {
        var records = JsonArrayFileOrProperty(path, "entries");
        return [.. records.Select(ParseEntry)];
    }

    private static IReadOnlyList<JsonlLine> JsonArrayFileOrProperty(string path, string property)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        if (doc.RootElement.ValueKind == JsonValueKind.Array)
            return JsonArrayFile.Read(path);
        if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(property, out var inner) && inner.ValueKind == JsonValueKind.Array)
            return [.. inner.EnumerateArray().Select((v, i) => new JsonlLine(path + $" ({property}[{i}])", 0, v.Clone()))];
        throw new JsonlException(path, 1, property, $"expected a JSON array, or an object with an array under '{property}'");
    }

    internal static ComplexBenchEntry ParseEntry(JsonlLine line)
    {
        var v = line.Value;
        if (v.ValueKind != JsonValueKind.Object)
            throw line.Error(null, "expected an entry object");
        string? group = v.TryGetProperty("group", out var g) && g.ValueKind != JsonValueKind.Null
            ? (g.ValueKind == JsonValueKind.String ? g.GetString() : g.GetRawText()) : null;
        if (!v.TryGetProperty("main_id", out var mainId) || !mainId.TryGetInt32(out int id))
            throw line.Error("main_id", "expected an integer");
        if (!v.TryGetProperty("scoring_questions", out var questions) || questions.ValueKind != JsonValueKind.Array)
            throw line.Error("scoring_questions", "expected a list");
        var parsed = new List<ComplexBenchQuestion>();
        foreach (var q in questions.EnumerateArray())
        {
            var deps = Strings(line, q, "dep", "scoring_questions[].dep", number: true).Select(int.Parse).ToList();
            if (deps.Any(d => d < 0 || d >= questions.GetArrayLength()))
                throw line.Error("scoring_questions[].dep", "a dependency is not the index of a question of this entry");
            parsed.Add(new ComplexBenchQuestion(
                Strings(line, q, "constraint_dimensions", "scoring_questions[].constraint_dimensions"),
                Strings(line, q, "composition_types", "scoring_questions[].composition_types"),
                deps));
        }
        return new ComplexBenchEntry(id, group, line.RequiredString("category"), line.RequiredString("task_types"),
            Strings(line, v, "composition_types", "composition_types"), parsed);
    }

    private static List<string> Strings(JsonlLine line, JsonElement owner, string property, string field, bool number = false)
    {
        if (!owner.TryGetProperty(property, out var list) || list.ValueKind != JsonValueKind.Array)
            throw line.Error(field, "expected a list");
        var result = new List<string>();
        foreach (var x in list.EnumerateArray())
        {
            if (number ? x.ValueKind != JsonValueKind.Number || !x.TryGetInt32(out _) : x.ValueKind != JsonValueKind.String)
                throw line.Error(field, number ? "expected integers" : "expected strings");
            result.Add(number ? x.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) : x.GetString()!);
        }
        return result;
    }

    /// <summary>
    /// Point judges: a JSON array with one list per entry, or an object with such an array under <c>point_judges</c>,
    /// or with named variants there (<paramref name="variant"/> picks one). Verdicts: true/false/2 (0 and 1 read as
    /// false/true, as upstream converts rule results).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<ComplexBenchVerdict>> ReadPointJudges(string path, string? variant)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("point_judges", out var pj))
            root = pj;
        if (root.ValueKind == JsonValueKind.Object)
        {
            if (variant is null)
                throw new JsonlException(path, 1, "point_judges", $"holds variants ({string.Join(", ", root.EnumerateObject().Select(p => p.Name))}); choose one with --variant");
            if (!root.TryGetProperty(variant, out root))
                throw new JsonlException(path, 1, "point_judges", $"has no variant '{variant}'");
        }
        if (root.ValueKind != JsonValueKind.Array)
            throw new JsonlException(path, 1, "point_judges", "expected one list of verdicts per entry");
        var result = new List<IReadOnlyList<ComplexBenchVerdict>>();
        int e = 0;
        foreach (var list in root.EnumerateArray())
        {
            if (list.ValueKind != JsonValueKind.Array)
                throw new JsonlException(path, 1, $"point_judges[{e}]", "expected a list of true/false/2");
            result.Add([.. list.EnumerateArray().Select(x => ParseVerdict(x, path, e))]);
            e++;
        }
        return result;
    }

    public static ComplexBenchVerdict ParseVerdict(JsonElement x, string path, int entry) => x.ValueKind switch
    {
        JsonValueKind.True => ComplexBenchVerdict.True,
        JsonValueKind.False => ComplexBenchVerdict.False,
        JsonValueKind.Number when x.TryGetInt32(out int n) && n is 0 or 1 or 2 => (ComplexBenchVerdict)n,
        _ => throw new JsonlException(path, 1, $"point_judges[{entry}]", $"a verdict must be true, false or 2, found {x.GetRawText()}"),
    };

    public static JsonNode VerdictJson(ComplexBenchVerdict v) => v switch
    {
        ComplexBenchVerdict.True => JsonValue.Create(true),
        ComplexBenchVerdict.False => JsonValue.Create(false),
        _ => JsonValue.Create(2),
    };
}
