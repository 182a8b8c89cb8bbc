using System.Globalization;
using Raif.Verifiers.Language.Langdetect;

namespace Raif.Verifiers.Tests.Language.Langdetect;

/// <summary>
/// Raif's langdetect against Python's langdetect 1.0.9 itself (seed 0, profiles in name order), on the 541 GPT-4
/// IFEval responses (as written and without asterisks) and 79 texts in 55 languages and edge cases (decomposed
/// Vietnamese, texts longer than the 10,000 code points langdetect reads, Latin inside Cyrillic, capital words).
/// Expected values: Data/langdetect/golden.jsonl, written by Data/langdetect/make_golden.py.
/// </summary>
public class LangdetectGoldenTests
{
    private static readonly LangdetectLanguageIdentifier Detector = LangdetectLanguageIdentifier.Default;

    public static TheoryData<string> Sources()
    {
        var data = new TheoryData<string>();
        foreach (var row in TestData.ReadJsonl(TestData.Local("langdetect", "golden.jsonl")))
            data.Add(row.GetProperty("source").GetString()!);
        return data;
    }

    private static readonly Lazy<Dictionary<string, (string Text, string? Code, (string Lang, double P)[] Probabilities)>> Golden = new(Load);

    private static Dictionary<string, (string, string?, (string, double)[])> Load()
    {
        var responses = TestData.ReadJsonl(TestData.Gpt4Responses).Select(r => r.GetProperty("response").GetString()!).ToArray();
        var result = new Dictionary<string, (string, string?, (string, double)[])>();
        foreach (var row in TestData.ReadJsonl(TestData.Local("langdetect", "golden.jsonl")))
        {
            string source = row.GetProperty("source").GetString()!;
            var parts = source.Split(':');
            string text = parts[0] == "gpt4"
                ? parts[2] == "full" ? responses[int.Parse(parts[1], CultureInfo.InvariantCulture)] : responses[int.Parse(parts[1], CultureInfo.InvariantCulture)].Replace("*", "", StringComparison.Ordinal)
                : row.GetProperty("text").GetString()!;
            var code = row.GetProperty("code").GetString();
            var probabilities = row.GetProperty("probabilities").EnumerateArray()
                .Select(p => (p[0].GetString()!, double.Parse(p[1].GetString()!, CultureInfo.InvariantCulture))).ToArray();
            result[source] = (text, code, probabilities);
        }
        return result;
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Detection_and_probabilities_are_bit_identical_to_python(string source)
    {
        var (text, code, expected) = Golden.Value[source];
        Assert.Equal(code, Detector.Detect(text));
        var probabilities = Detector.Probabilities(text);
        if (code is null)
        {
            Assert.Null(probabilities);
            return;
        }
        Assert.NotNull(probabilities);
        var actual = Detector.Languages.Zip(probabilities).Where(p => p.Second > 1e-6).Select(p => (p.First, p.Second)).ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void The_golden_file_covers_every_response_and_every_profile_language()
    {
        var golden = Golden.Value;
        Assert.Equal(541 * 2, golden.Keys.Count(k => k.StartsWith("gpt4:", StringComparison.Ordinal)));
        var detected = golden.Values.Select(g => g.Code).OfType<string>().ToHashSet();
        // Every language of the profiles is detected at least once except those no text was written for.
        Assert.Equal(55, Detector.Languages.Count);
        Assert.True(detected.Count >= 50, $"only {detected.Count} languages detected");
    }
}
