using System.Collections.Frozen;
using System.Text.Json;

namespace Raif.Verifiers.Nltk;

/// <summary>NLTK's English stop-word list (<c>nltk.corpus.stopwords.words('english')</c>, 198 words, embedded).</summary>
public static class EnglishStopwords
{
    private static readonly Lazy<FrozenSet<string>> LazyWords = new(Load);

    public static FrozenSet<string> Words => LazyWords.Value;

    private static FrozenSet<string> Load()
    {
        const string name = "Raif.Verifiers.Nltk.stopwords_english.json";
        using var stream = typeof(EnglishStopwords).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing");
        using var doc = JsonDocument.Parse(stream);
        return doc.RootElement.GetProperty("words").EnumerateArray().Select(w => w.GetString()!).ToFrozenSet(StringComparer.Ordinal);
    }
}
