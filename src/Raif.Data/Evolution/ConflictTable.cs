using System.Collections.Frozen;
using System.Text.Json;
using Raif.Data.Resources;
using Raif.Verifiers.IfEval;

namespace Raif.Data.Evolution;

/// <summary>
/// Which constraint ids cannot appear in one instruction: IFEval's own table (Resources/ifeval-conflicts.json,
/// made symmetric and reflexive as IFEval's <c>conflict_make</c> does) plus the pairs the checkers' logic implies
/// (Resources/implied-conflicts.json). The official "all" means IFEval's 25 ids.
/// </summary>
public sealed class ConflictTable
{
    private readonly FrozenDictionary<string, FrozenSet<string>> _conflicts;

    private ConflictTable(Dictionary<string, HashSet<string>> conflicts, IReadOnlyDictionary<(string, string), string> reasons)
    {
        _conflicts = conflicts.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);
        Reasons = reasons;
    }

    /// <summary>IFEval's 25 instruction ids (the keys of INSTRUCTION_DICT), the universe of "all".</summary>
    public static IReadOnlyList<string> IfevalIds { get; } =
        [.. InstructionRegistry.Default.Ids.Where(id => id != Raif.Verifiers.IfEval.IfevalIds.XmlFormat).Order(StringComparer.Ordinal)];

    /// <summary>IFEval's table alone.</summary>
    public static ConflictTable Official { get; } = Build(includeImplied: false);

    /// <summary>IFEval's table plus the implied pairs: what evolution uses.</summary>
    public static ConflictTable Default { get; } = Build(includeImplied: true);

    /// <summary>Why an implied pair conflicts, keyed by (a, b) in ordinal order; official pairs have no entry.</summary>
    public IReadOnlyDictionary<(string, string), string> Reasons { get; }

    public bool Conflicts(string a, string b) =>
        a == b || (_conflicts.TryGetValue(a, out var set) && set.Contains(b));

    /// <summary>True when no two ids of <paramref name="ids"/> conflict (and none repeats).</summary>
    public bool IsValid(IReadOnlyList<string> ids)
    {
        for (int i = 0; i < ids.Count; i++)
        {
            for (int j = i + 1; j < ids.Count; j++)
            {
                if (Conflicts(ids[i], ids[j]))
                    return false;
            }
        }
        return true;
    }

    /// <summary>The ids <paramref name="id"/> conflicts with.</summary>
    public IReadOnlySet<string> ConflictsOf(string id) =>
        _conflicts.TryGetValue(id, out var set) ? set : new HashSet<string> { id };

    private static ConflictTable Build(bool includeImplied)
    {
        var all = IfevalIds;
        var table = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        HashSet<string> Of(string id) => table.TryGetValue(id, out var s) ? s : table[id] = new HashSet<string>(StringComparer.Ordinal);

        using var official = DataResources.ReadJson("ifeval-conflicts.json");
        foreach (var entry in official.RootElement.GetProperty("conflicts").EnumerateObject())
        {
            var set = Of(entry.Name);
            foreach (var other in Expand(entry.Value, all))
                set.Add(other);
        }
        var reasons = new Dictionary<(string, string), string>();
        if (includeImplied)
        {
            using var implied = DataResources.ReadJson("implied-conflicts.json");
            var universe = all.Append(Raif.Verifiers.IfEval.IfevalIds.XmlFormat).ToList();
            foreach (var pair in implied.RootElement.GetProperty("pairs").EnumerateArray())
            {
                string a = pair.GetProperty("a").GetString()!;
                string b = pair.GetProperty("b").GetString()!;
                string reason = pair.GetProperty("reason").GetString()!;
                IEnumerable<string> others = b == "*"
                    ? universe.Except(pair.TryGetProperty("except", out var ex) ? ex.EnumerateArray().Select(e => e.GetString()!) : [])
                    : [b];
                foreach (var other in others)
                {
                    Of(a).Add(other);
                    var key = string.CompareOrdinal(a, other) <= 0 ? (a, other) : (other, a);
                    reasons.TryAdd(key, reason);
                }
            }
        }
        // IFEval's conflict_make: symmetric, and every id conflicts with itself.
        foreach (var key in table.Keys.ToList())
        {
            foreach (var other in table[key].ToList())
                Of(other).Add(key);
            table[key].Add(key);
        }
        return new ConflictTable(table, reasons);
    }

    private static IEnumerable<string> Expand(JsonElement value, IReadOnlyList<string> all)
    {
        if (value.ValueKind == JsonValueKind.Array)
            return value.EnumerateArray().Select(e => e.GetString()!);
        var except = value.GetProperty("all_except").EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal);
        return all.Where(id => !except.Contains(id));
    }
}
