using System.Buffers;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Raif.Verifiers.Language.Langdetect;

/// <summary>
/// langdetect's 55 language profiles as one table: for every n-gram (1–3 characters) that any profile contains, the
/// probability of that n-gram in each language (its count divided by the language's number of n-grams of that
/// length). Languages are in ordinal order of their codes, which fixes the order in which probabilities are summed.
/// Loaded once from the embedded data (about 88,000 n-grams, 39 MB) and shared read-only between threads.
/// <para>
/// Built for the detector's hot loop: an n-gram is looked up by its code points packed into one integer
/// (<see cref="Key(int)"/>), not by a string, and every row is padded with zeros to <see cref="RowStride"/> values
/// so that it can be multiplied in whole SIMD vectors.
/// </para>
/// </summary>
internal sealed class LangdetectProfiles
{
    private static readonly Lazy<LangdetectProfiles> LazyEmbedded = new(LoadEmbedded);

    private const int CodePointBits = 21;

    private readonly NGramRowTable _rows;

    private LangdetectProfiles(string[] languages, Dictionary<ulong, int> rows, double[] probabilities, int rowStride)
    {
        Languages = languages;
        _rows = new NGramRowTable(rows);
        Probabilities = probabilities;
        RowStride = rowStride;
    }

    /// <summary>The profiles embedded in this assembly.</summary>
    public static LangdetectProfiles Embedded => LazyEmbedded.Value;

    /// <summary>Language codes, e.g. <c>en</c>, <c>zh-cn</c>.</summary>
    public string[] Languages { get; }

    /// <summary>
    /// Row-major table: the row at offset r (from <see cref="TryGetRow"/>) holds one probability per language, then
    /// zeros up to <see cref="RowStride"/>.
    /// </summary>
    public double[] Probabilities { get; }

    /// <summary>Values per row: the number of languages rounded up to a multiple of 8 (a whole number of vectors).</summary>
    public int RowStride { get; }

    /// <summary>Number of distinct n-grams of 1–3 code points.</summary>
    public int NGramCount => _rows.Count;

    /// <summary>The key of a one-code-point n-gram; <see cref="Extend"/> appends the next code points.</summary>
    public static ulong Key(int codePoint) => (uint)codePoint;

    /// <summary>The key of an n-gram whose first code point is <paramref name="first"/>, followed by the n-gram
    /// <paramref name="rest"/> of at most two code points. Unique because no n-gram contains U+0000.</summary>
    public static ulong Extend(int first, ulong rest, int restLength) => ((ulong)(uint)first << (CodePointBits * restLength)) | rest;

    /// <summary>The offset of an n-gram's row in <see cref="Probabilities"/>, or false when no profile contains it.</summary>
    public bool TryGetRow(ulong key, out int rowOffset) => _rows.TryGetValue(key, out rowOffset);

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
        int stride = (languages + 7) / 8 * 8;
        // Only n-grams of 1-3 code points get a probability (Python: 1 <= len(word) <= 3), and only they can be
        // looked up, so longer ones get no row.
        var rows = new Dictionary<ulong, int>();
        foreach (var profile in parsed)
        {
            foreach (var ngram in profile.Freq.Keys)
            {
                if (TryPack(ngram, out ulong key, out _))
                    rows.TryAdd(key, rows.Count * stride);
            }
        }
        var table = new double[rows.Count * stride];
        for (int lang = 0; lang < languages; lang++)
        {
            var (_, freq, nWords) = parsed[lang];
            foreach (var (ngram, count) in freq)
            {
                if (TryPack(ngram, out ulong key, out int length))
                    table[rows[key] + lang] = 1.0 * count / nWords[length - 1];
            }
        }
        return new LangdetectProfiles(parsed.Select(p => p.Name).ToArray(), rows, table, stride);
    }

    /// <summary>The key of an n-gram of 1–3 code points (Python's <c>len</c>) without U+0000, as the detector forms
    /// it; false for any other string (the detector cannot produce it).</summary>
    private static bool TryPack(string ngram, out ulong key, out int length)
    {
        key = 0;
        length = 0;
        var rest = ngram.AsSpan();
        while (!rest.IsEmpty)
        {
            // A lone surrogate cannot come out of the detector's text (it reads runes), so such a key never matches.
            if (Rune.DecodeFromUtf16(rest, out var rune, out int used) != OperationStatus.Done || ++length > 3 || rune.Value == 0)
                return false;
            key = (key << CodePointBits) | (uint)rune.Value;
            rest = rest[used..];
        }
        return length > 0;
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
