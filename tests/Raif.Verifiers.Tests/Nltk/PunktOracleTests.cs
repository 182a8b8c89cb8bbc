using System.Security.Cryptography;
using System.Text;
using Raif.Tests.Shared;
using Raif.Verifiers.Nltk;

namespace Raif.Verifiers.Tests.Nltk;

/// <summary>
/// Punkt and word_tokenize against NLTK 3.8 itself: the shared oracle of the 541 IFEval prompts, and an oracle of the
/// 541 published GPT-4 responses produced with Debian's python3-nltk 3.8 (Data/nltk/README.md says how).
/// </summary>
public class PunktOracleTests
{
    [Fact]
    public void Reproduces_every_sentence_and_word_list_of_the_prompt_oracle()
    {
        var differences = new List<string>();
        int lines = 0;
        foreach (var line in TestData.ReadJsonl(TestDataFolder.Committed("nltk", "punkt_oracle_ifeval_prompts.jsonl")))
        {
            lines++;
            string text = line.GetProperty("text").GetString()!;
            var sentences = line.GetProperty("sentences").EnumerateArray().Select(e => e.GetString()!).ToList();
            var words = line.GetProperty("word_tokens").EnumerateArray().Select(e => e.GetString()!).ToList();
            if (!sentences.SequenceEqual(NltkTokenize.Sentences(text)))
                differences.Add($"key {line.GetProperty("key")}: sentences differ");
            if (!words.SequenceEqual(NltkTokenize.Words(text)))
                differences.Add($"key {line.GetProperty("key")}: word tokens differ");
        }
        Assert.Equal(541, lines);
        Assert.Empty(differences);
    }

    [Fact]
    public void Reproduces_sentence_spans_and_word_tokens_of_the_gpt4_responses()
    {
        var responses = TestData.ReadJsonl(TestData.Gpt4Responses).Select(e => e.GetProperty("response").GetString()!).ToList();
        var differences = new List<string>();
        int lines = 0;
        foreach (var line in TestData.ReadJsonl(TestData.Local("nltk", "punkt_oracle_gpt4_responses.jsonl")))
        {
            int n = line.GetProperty("line").GetInt32();
            string text = responses[n - 1];
            lines++;
            var expectedSpans = line.GetProperty("sentence_spans").EnumerateArray()
                .Select(s => (CodePointToUtf16(text, s[0].GetInt32()), CodePointToUtf16(text, s[1].GetInt32()))).ToList();
            var spans = PunktSentenceTokenizer.English.SpanTokenize(text);
            if (!expectedSpans.SequenceEqual(spans))
                differences.Add($"line {n}: sentence spans differ ({expectedSpans.Count} expected, {spans.Count} found)");
            var words = NltkTokenize.Words(text);
            string digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", words))));
            if (words.Count != line.GetProperty("word_token_count").GetInt32() || digest != line.GetProperty("word_tokens_sha256").GetString())
                differences.Add($"line {n}: word tokens differ ({line.GetProperty("word_token_count")} expected, {words.Count} found)");
        }
        Assert.Equal(541, lines);
        Assert.Empty(differences);
    }

    // Python slices by code point; .NET strings index UTF-16 units.
    private static int CodePointToUtf16(string s, int codePoints)
    {
        int i = 0;
        for (int k = 0; k < codePoints; k++)
            i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
        return i;
    }
}
