using System.Reflection;
using System.Text.Json;

namespace Raif.Verifiers.Language.Langdetect;

/// <summary>
/// langdetect's 55 language profiles as one table: for every n-gram (1–3 characters) that any profile contains, the
/// probability of that n-gram in each language (its count divided by the language's number of n-grams of that
/// length). Languages are in ordinal order of their codes, which fixes the order in which probabilities are summed.
/// Loaded once from the embedded data (about 88,000 n-grams, 38 MB) and shared read-only between threads.
/// </summary>
internal sealed class LangdetectProfiles
{
    private static readonly Lazy<LangdetectProfiles> LazyEmbedded = new(LoadEmbedded);

    private readonly Dictionary<string, int> _rows;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private LangdetectProfiles(string[] languages, Dictionary<string, int> rows, double[] probabilities)
    {
        Languages = languages;
        _rows = rows;
        _lookup = rows.GetAlternateLookup<ReadOnlySpan<char>>();
        Probabilities = probabilities;
    }

    /// <summary>The profiles embedded in this assembly.</summary>
    public static LangdetectProfiles Embedded => LazyEmbedded.Value;

    /// <summary>Language codes, e.g. <c>en</c>, <c>zh-cn</c>.</summary>
    public string[] Languages { get; }

    /// <summary>Row-major table: row r (from <see cref="TryGetRow"/>) holds one probability per language.</summary>
    public double[] Probabilities { get; }

    /// <summary>Number of distinct n-grams.</summary>
    public int NGramCount => _rows.Count;

    /// <summary>The row of an n-gram, or false when no profile contains it.</summary>
    public bool TryGetRow(ReadOnlySpan<char> ngram, out int row) => _lookup.TryGetValue(ngram, out row);

    /// <summary>Reads profiles (langdetect's JSON: <c>name</c>, <c>freq</c>, <c>n_words</c>), ordered by name.</summary>
    public static LangdetectProfiles Load(IEnumerable<(string Source, Stream Json)> profiles)
    {
        var parsed = new List<(string Name, Dictionary<string, long> Freq, long[] NWords)>();
        foreach (var (source, json) in profiles)
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            string name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()!
                : throw new InvalidDataException($"{source}: missing string field 'name'");
            if (!root.TryGetProperty("n_words", out var words) || words.ValueKind != JsonValueKind.Array || words.GetArrayLength() != 3)
                throw new InvalidDataException($"{source}: field 'n_words' must be an array of 3 counts");
            if (!root.TryGetProperty("freq", out var freq) || freq.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{source}: missing object field 'freq'");
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var entry in freq.EnumerateObject())
                counts[entry.Name] = entry.Value.GetInt64();
            parsed.Add((name, counts, words.EnumerateArray().Select(w => w.GetInt64()).ToArray()));
        }
        parsed.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (int i = 1; i < parsed.Count; i++)
        {
            if (parsed[i].Name == parsed[i - 1].Name)
                throw new InvalidDataException($"two profiles for language '{parsed[i].Name}'");
        }

        int languages = parsed.Count;
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var profile in parsed)
        {
            foreach (var ngram in profile.Freq.Keys)
                rows.TryAdd(ngram, rows.Count);
        }
        var table = new double[rows.Count * languages];
        for (int lang = 0; lang < languages; lang++)
        {
            var (_, freq, nWords) = parsed[lang];
            foreach (var (ngram, count) in freq)
            {
                // Python's len(): code points, not UTF-16 units.
                int length = ngram.EnumerateRunes().Count();
                if (length is >= 1 and <= 3)
                    table[rows[ngram] * languages + lang] = 1.0 * count / nWords[length - 1];
            }
        }
        return new LangdetectProfiles(parsed.Select(p => p.Name).ToArray(), rows, table);
    }

    private static LangdetectProfiles LoadEmbedded()
    {
        var assembly = typeof(LangdetectProfiles).Assembly;
        const string prefix = "Raif.Verifiers.Langdetect.profiles.";
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (names.Count == 0)
            throw new InvalidOperationException("the langdetect profiles are not embedded in Raif.Verifiers");
        var streams = names.Select(n => (n, assembly.GetManifestResourceStream(n)!)).ToList();
        try
        {
            return Load(streams);
        }
        finally
        {
            foreach (var (_, stream) in streams)
                stream.Dispose();
        }
    }

    /// <summary>Reads an embedded data file of this folder as text.</summary>
    internal static string ReadEmbeddedText(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Raif.Verifiers.Langdetect." + name)
            ?? throw new InvalidOperationException($"langdetect data '{name}' is not embedded in Raif.Verifiers");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
