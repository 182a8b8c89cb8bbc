using System.Collections.Frozen;
using System.Text.Json;

namespace Raif.Verifiers.Nltk;

/// <summary>
/// A trained Punkt model (Kiss &amp; Strunk 2006): abbreviation types, collocations, frequent sentence starters and
/// the orthographic contexts in which each word type was seen. <see cref="English"/> is NLTK's English model,
/// embedded in this assembly (see Nltk/Data/README.md).
/// </summary>
public sealed class PunktParameters
{
    private PunktParameters(
        FrozenSet<string> abbrevTypes, FrozenSet<(string, string)> collocations, FrozenSet<string> sentStarters,
        FrozenDictionary<string, int> orthoContext)
    {
        AbbrevTypes = abbrevTypes;
        Collocations = collocations;
        SentStarters = sentStarters;
        OrthoContext = orthoContext;
    }

    /// <summary>Word types (lower case, without the final period) known to be abbreviations.</summary>
    public FrozenSet<string> AbbrevTypes { get; }

    /// <summary>Pairs of word types where a period after the first is not a sentence break (e.g. "##number##", "cbot").</summary>
    public FrozenSet<(string First, string Second)> Collocations { get; }

    /// <summary>Word types that frequently start sentences.</summary>
    public FrozenSet<string> SentStarters { get; }

    /// <summary>Word type -> orthographic-context bit flags (see <see cref="PunktOrtho"/>); absent types have 0.</summary>
    public FrozenDictionary<string, int> OrthoContext { get; }

    private static readonly Lazy<PunktParameters> LazyEnglish = new(LoadEnglish);

    /// <summary>NLTK's English Punkt model (nltk_data <c>tokenizers/punkt/english.pickle</c>).</summary>
    public static PunktParameters English => LazyEnglish.Value;

    /// <summary>Reads parameters in the JSON layout of <c>punkt_english_params.json</c>.</summary>
    public static PunktParameters Load(Stream json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var abbrevs = root.GetProperty("abbrev_types").EnumerateArray().Select(e => e.GetString()!).ToFrozenSet(StringComparer.Ordinal);
        var collocations = root.GetProperty("collocations").EnumerateArray()
            .Select(e => (e[0].GetString()!, e[1].GetString()!)).ToFrozenSet();
        var starters = root.GetProperty("sent_starters").EnumerateArray().Select(e => e.GetString()!).ToFrozenSet(StringComparer.Ordinal);
        var ortho = root.GetProperty("ortho_context").EnumerateObject()
            .ToFrozenDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);
        if (root.TryGetProperty("lang_vars", out var langVars))
            CheckLanguageVariables(langVars);
        return new PunktParameters(abbrevs, collocations, starters, ortho);
    }

    // The tokenizer hard-codes NLTK's default (English) language variables; refuse a model that needs others.
    private static void CheckLanguageVariables(JsonElement langVars)
    {
        string ends = string.Concat(langVars.GetProperty("sent_end_chars").EnumerateArray().Select(e => e.GetString()));
        if (ends != ".?!" || langVars.GetProperty("internal_punctuation").GetString() != ",:;" ||
            langVars.GetProperty("re_boundary_realignment").GetString() != @"[""\')\]}]+?(?:\s+|(?=--)|$)")
            throw new InvalidDataException("Punkt parameters use language variables other than NLTK's defaults, which Raif does not implement");
    }

    private static PunktParameters LoadEnglish()
    {
        const string name = "Raif.Verifiers.Nltk.punkt_english_params.json";
        using var stream = typeof(PunktParameters).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing");
        return Load(stream);
    }
}

/// <summary>Punkt's orthographic-context flags: where (beginning, middle, unknown) a type was seen in which case.</summary>
public static class PunktOrtho
{
    public const int BegUc = 1 << 1;
    public const int MidUc = 1 << 2;
    public const int UnkUc = 1 << 3;
    public const int BegLc = 1 << 4;
    public const int MidLc = 1 << 5;
    public const int UnkLc = 1 << 6;
    public const int Uc = BegUc + MidUc + UnkUc;
    public const int Lc = BegLc + MidLc + UnkLc;
}
