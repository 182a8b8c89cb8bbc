using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Data.Seeds;

namespace Raif.Data.Evolution;

/// <summary>What an offline evolution run wrote.</summary>
public sealed record EvolveSummary(string RecordsPath, string StatsPath, long Records, IReadOnlyDictionary<string, IReadOnlyDictionary<int, int>> ValidCombinations);

/// <summary>
/// <c>raif data evolve --offline</c>: evolves seeds into code-verifiable RL records and writes
/// <c>ifeval.jsonl</c> and <c>stats.json</c> into a folder, both atomically and byte-identical for a random seed.
/// </summary>
public static class OfflineEvolution
{
    public const string RecordsFile = "ifeval.jsonl";
    public const string StatsFile = "stats.json";

    public static EvolveSummary Run(IReadOnlyList<Seed> seeds, EvolveOptions options, string outputDir, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var evolver = new RuleEvolver(seeds, options);
        Directory.CreateDirectory(outputDir);
        string recordsPath = Path.Combine(outputDir, RecordsFile);
        string statsPath = Path.Combine(outputDir, StatsFile);
        var stats = new Stats();
        using (var writer = new JsonlWriter(recordsPath))
        {
            foreach (var record in evolver.Generate(progress, cancellationToken))
            {
                writer.Write(record.WriteTo);
                stats.Add(record);
            }
            writer.Commit();
        }
        var valid = evolver.ValidCombinations.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(
            kv => kv.Key, kv => (IReadOnlyDictionary<int, int>)kv.Value.OrderBy(s => s.Key).ToDictionary(s => s.Key, s => s.Value.Count));
        AtomicFile.WriteAllText(statsPath, stats.ToJson(options, valid));
        return new EvolveSummary(recordsPath, statsPath, stats.Records, valid);
    }

    private sealed class Stats
    {
        public long Records;
        private readonly SortedDictionary<string, long> _languages = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, long> _compositions = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, long> _constraints = new(StringComparer.Ordinal);
        private readonly SortedDictionary<int, long> _sizes = [];

        public void Add(EvolvedRecord record)
        {
            Records++;
            Bump(_languages, record.Language);
            Bump(_compositions, record.Composition.ToString().ToLowerInvariant());
            foreach (var c in record.Constraints)
                Bump(_constraints, c.Id);
            Bump(_sizes, record.Constraints.Count);
        }

        private static void Bump<TKey>(SortedDictionary<TKey, long> counts, TKey key) where TKey : notnull =>
            counts[key] = counts.GetValueOrDefault(key) + 1;

        public string ToJson(EvolveOptions options, IReadOnlyDictionary<string, IReadOnlyDictionary<int, int>> valid)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JsonlWriter.Options.Encoder }))
            {
                json.WriteStartObject();
                json.WriteNumber("records", Records);
                json.WriteNumber("random_seed", options.RandomSeed);
                json.WriteString("template", options.Template.Name);
                json.WriteString("ifeval_variant", options.Variant.ToString().ToLowerInvariant());
                WriteCounts(json, "languages", _languages);
                WriteCounts(json, "compositions", _compositions);
                WriteCounts(json, "constraints_per_record", _sizes.ToDictionary(kv => kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value));
                WriteCounts(json, "constraint_ids", _constraints);
                json.WriteStartObject("valid_combinations");
                foreach (var (language, sizes) in valid)
                    WriteCounts(json, language, sizes.ToDictionary(kv => kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), kv => (long)kv.Value));
                json.WriteEndObject();
                json.WriteEndObject();
            }
            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
        }

        private static void WriteCounts(Utf8JsonWriter json, string name, IEnumerable<KeyValuePair<string, long>> counts)
        {
            json.WriteStartObject(name);
            foreach (var (key, value) in counts)
                json.WriteNumber(key, value);
            json.WriteEndObject();
        }
    }
}
