using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Raif.Verifiers.Nltk;

/// <summary>
/// NLTK 3.8's averaged-perceptron part-of-speech tagger for English (<c>nltk.pos_tag</c>, Penn Treebank tags), with
/// the weights of nltk_data's <c>averaged_perceptron_tagger</c> embedded (see Nltk/Data/README.md). Only tagging is
/// ported: the same feature templates, word normalisation, two-tags-back context, START/END padding, and the same
/// tie-break (highest score, then the alphabetically last tag). No .NET package reproduces NLTK's tags, hence the port.
/// Immutable and thread-safe.
/// </summary>
public sealed class PerceptronTagger
{
    private static readonly Lazy<PerceptronTagger> LazyEnglish = new(LoadEnglish);
    private static readonly string[] Start = ["-START-", "-START2-"];
    private static readonly string[] End = ["-END-", "-END2-"];

    private readonly string[] _classes;
    private readonly Dictionary<string, int> _tagdict;
    private readonly Dictionary<string, (byte Class, double Weight)[]> _weights;

    private PerceptronTagger(string[] classes, Dictionary<string, int> tagdict, Dictionary<string, (byte, double)[]> weights)
    {
        _classes = classes;
        _tagdict = tagdict;
        _weights = weights;
    }

    /// <summary>The English model (loaded once, on first use).</summary>
    public static PerceptronTagger English => LazyEnglish.Value;

    /// <summary><c>nltk.pos_tag(tokens)</c>: one Penn Treebank tag per token. With <paramref name="limit"/>, only the
    /// first tokens are tagged: a tag depends on the tags before it and on the words up to two ahead, so those tags
    /// are the same as in a full run.</summary>
    public string[] Tag(IReadOnlyList<string> tokens, int limit = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var context = new string[tokens.Count + 4];
        context[0] = Start[0];
        context[1] = Start[1];
        for (int i = 0; i < tokens.Count; i++)
            context[i + 2] = Normalize(tokens[i]);
        context[^2] = End[0];
        context[^1] = End[1];

        var tags = new string[Math.Min(tokens.Count, Math.Max(limit, 0))];
        string prev = Start[0], prev2 = Start[1];
        var scores = new double[_classes.Length];
        for (int i = 0; i < tags.Length; i++)
        {
            string word = tokens[i];
            string tag = _tagdict.TryGetValue(word, out int known) ? _classes[known] : Predict(Features(i, word, context, prev, prev2), scores);
            tags[i] = tag;
            prev2 = prev;
            prev = tag;
        }
        return tags;
    }

    private string Predict(string[] features, double[] scores)
    {
        Array.Clear(scores);
        // Per tag, the sum runs over the features in template order, as NLTK's dict iteration does.
        foreach (string feature in features)
        {
            if (!_weights.TryGetValue(feature, out var entries))
                continue;
            foreach (var (cls, weight) in entries)
                scores[cls] += weight;
        }
        int best = 0;
        for (int c = 1; c < _classes.Length; c++)
        {
            if (scores[c] > scores[best] || (scores[c] == scores[best] && string.CompareOrdinal(_classes[c], _classes[best]) > 0))
                best = c;
        }
        return _classes[best];
    }

    // PerceptronTagger._get_features; a template that yields the same string twice would count twice in NLTK, but
    // the template names differ, so every feature has value 1.
    private static string[] Features(int i, string word, string[] context, string prev, string prev2)
    {
        i += 2;
        return
        [
            "bias",
            "i suffix " + LastChars(word, 3),
            "i pref1 " + FirstChar(word),
            "i-1 tag " + prev,
            "i-2 tag " + prev2,
            "i tag+i-2 tag " + prev + " " + prev2,
            "i word " + context[i],
            "i-1 tag+i word " + prev + " " + context[i],
            "i-1 word " + context[i - 1],
            "i-1 suffix " + LastChars(context[i - 1], 3),
            "i-2 word " + context[i - 2],
            "i+1 word " + context[i + 1],
            "i+1 suffix " + LastChars(context[i + 1], 3),
            "i+2 word " + context[i + 2],
        ];
    }

    /// <summary>PerceptronTagger.normalize: hyphenated words, four-digit years and digit-initial words collapse to markers.</summary>
    internal static string Normalize(string word)
    {
        if (word.Contains('-') && word[0] != '-')
            return "!HYPHEN";
        if (IsDigits(word) && RuneCount(word) == 4)
            return "!YEAR";
        if (word.Length > 0 && IsDigit(Rune.GetRuneAt(word, 0)))
            return "!DIGITS";
        return Raif.Core.Text.PyStr.Lower(word);
    }

    /// <summary>Python's <c>str.isdigit()</c> for one code point: Numeric_Type Digit or Decimal.</summary>
    internal static bool IsDigit(Rune r) => CharUnicodeInfo.GetDigitValue(r.ToString(), 0) >= 0;

    private static bool IsDigits(string s)
    {
        if (s.Length == 0)
            return false;
        foreach (var r in s.EnumerateRunes())
        {
            if (!IsDigit(r))
                return false;
        }
        return true;
    }

    private static int RuneCount(string s)
    {
        int n = 0;
        foreach (var _ in s.EnumerateRunes())
            n++;
        return n;
    }

    // word[-3:] by code point.
    private static string LastChars(string s, int count)
    {
        int start = s.Length;
        for (int n = 0; n < count && start > 0; n++)
            start -= start >= 2 && char.IsLowSurrogate(s[start - 1]) && char.IsHighSurrogate(s[start - 2]) ? 2 : 1;
        return s[start..];
    }

    // word[0] if word else "".
    private static string FirstChar(string s) =>
        s.Length == 0 ? "" : s[..(char.IsHighSurrogate(s[0]) && s.Length > 1 && char.IsLowSurrogate(s[1]) ? 2 : 1)];

    private static PerceptronTagger LoadEnglish()
    {
        const string name = "Raif.Verifiers.Nltk.averaged_perceptron_tagger_english.bin.gz";
        using var stream = typeof(PerceptronTagger).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing");
        return Load(stream);
    }

    /// <summary>Reads the packed model (format in scripts/ifbench/pack_pos_tagger.py).</summary>
    internal static PerceptronTagger Load(Stream gzipped)
    {
        using var gzip = new GZipStream(gzipped, CompressionMode.Decompress);
        using var reader = new BinaryReader(gzip, Encoding.UTF8);
        if (!reader.ReadBytes(4).AsSpan().SequenceEqual("RPT1"u8))
            throw new InvalidDataException("not a packed perceptron tagger (magic RPT1 missing)");
        var classes = new string[reader.ReadUInt16()];
        for (int i = 0; i < classes.Length; i++)
            classes[i] = ReadString(reader);
        int tagdictCount = checked((int)reader.ReadUInt32());
        var tagdict = new Dictionary<string, int>(tagdictCount, StringComparer.Ordinal);
        for (int i = 0; i < tagdictCount; i++)
            tagdict[ReadString(reader)] = reader.ReadByte();
        int featureCount = checked((int)reader.ReadUInt32());
        var weights = new Dictionary<string, (byte, double)[]>(featureCount, StringComparer.Ordinal);
        for (int i = 0; i < featureCount; i++)
        {
            string feature = ReadString(reader);
            var entries = new (byte, double)[reader.ReadByte()];
            for (int e = 0; e < entries.Length; e++)
            {
                byte cls = reader.ReadByte();
                // k / 1000.0 is the double nearest k/1000, which is what NLTK's round(w, 3) stored.
                entries[e] = (cls, reader.ReadInt32() / 1000.0);
            }
            weights[feature] = entries;
        }
        return new PerceptronTagger(classes, tagdict, weights);
    }

    private static string ReadString(BinaryReader reader) => Encoding.UTF8.GetString(reader.ReadBytes(reader.ReadUInt16()));
}
