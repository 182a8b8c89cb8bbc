using System.Text.Json;
using System.Text.RegularExpressions;
using Raif.Core.Text;
using Raif.Verifiers.Nltk;
using Raif.Verifiers.Python;

namespace Raif.Verifiers.Tests.Python;

/// <summary>
/// Differential tests: every expected value in Data/python/python_semantics_cases.jsonl was computed by CPython 3.11's
/// <c>re</c>, <c>json</c> and <c>str</c> (and NLTK 3.8 for the Punkt cases) on the same input; see Data/python/README.md.
/// </summary>
public class PythonSemanticsOracleTests
{
    private static readonly Lazy<ILookup<string, JsonElement>> Cases = new(() =>
        TestData.ReadJsonl(TestData.Local("python", "python_semantics_cases.jsonl")).ToLookup(e => e.GetProperty("kind").GetString()!));

    private static IEnumerable<JsonElement> Of(string kind)
    {
        var cases = Cases.Value[kind].ToList();
        Assert.NotEmpty(cases);
        return cases;
    }

    private static string Text(JsonElement c) => c.GetProperty("text").GetString()!;

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    private static void AllAgree(string kind, Func<JsonElement, bool> agrees)
    {
        var failures = Of(kind).Where(c => !agrees(c)).Select(c => c.GetRawText()).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} {kind} cases differ, e.g. {failures.FirstOrDefault()}");
    }

    [Fact]
    public void Placeholder_count_matches_python_findall() =>
        AllAgree("placeholders", c => PyFindall.CountPlaceholders(Text(c)) == c.GetProperty("count").GetInt32());

    [Fact]
    public void Bullet_counts_match_python_findall()
    {
        AllAgree("bullets_star", c => PyFindall.CountBulletLines(Text(c), '*') == c.GetProperty("count").GetInt32());
        AllAgree("bullets_dash", c => PyFindall.CountBulletLines(Text(c), '-') == c.GetProperty("count").GetInt32());
    }

    [Fact]
    public void Highlight_and_title_matches_equal_python_findall()
    {
        static List<string> Spans(string t, IEnumerable<(int Start, int Length)> spans) => spans.Select(s => t.Substring(s.Start, s.Length)).ToList();
        AllAgree("single_star", c => Spans(Text(c), PyFindall.SingleStarSpans(Text(c))).SequenceEqual(Strings(c.GetProperty("matches"))));
        AllAgree("double_star", c => Spans(Text(c), PyFindall.DoubleStarSpans(Text(c))).SequenceEqual(Strings(c.GetProperty("matches"))));
        AllAgree("title", c => Spans(Text(c), PyFindall.TitleSpans(Text(c))).SequenceEqual(Strings(c.GetProperty("matches"))));
    }

    [Fact]
    public void Open_then_close_tag_matches_python_search() =>
        AllAgree("open_close_tag", c => PyFindall.HasOpenThenCloseTag(Text(c)) == c.GetProperty("match").GetBoolean());

    [Fact]
    public void Treebank_final_period_rule_matches_python_sub() =>
        AllAgree("final_period", c => TreebankWordTokenizer.SeparateFinalPeriod(Text(c)) == c.GetProperty("result").GetString());

    [Fact]
    public void Word_runs_match_python_findall_including_combining_marks_and_astral_letters() =>
        AllAgree("word_runs", c => PyWordRuns.Count(Text(c)) == c.GetProperty("count").GetInt32());

    [Fact]
    public void Caseless_literal_search_matches_python_ignorecase()
    {
        AllAgree("caseless", c =>
        {
            var text = new PyCaseless(Text(c));
            string needle = c.GetProperty("needle").GetString()!;
            return text.Count(needle) == c.GetProperty("count").GetInt32() &&
                   text.Contains(needle) == c.GetProperty("contains").GetBoolean() &&
                   text.ContainsWholeWord(needle) == c.GetProperty("whole_word").GetBoolean();
        });
    }

    [Fact]
    public void Translated_patterns_find_what_python_finds()
    {
        AllAgree("pattern", c =>
        {
            var options = (c.GetProperty("ignorecase").GetBoolean() ? RegexOptions.IgnoreCase : RegexOptions.None) |
                          (c.GetProperty("multiline").GetBoolean() ? RegexOptions.Multiline : RegexOptions.None);
            var regex = PyPattern.ToRegex(c.GetProperty("pattern").GetString()!, options, TimeSpan.FromSeconds(5));
            return regex.Count(Text(c)) == c.GetProperty("count").GetInt32() && regex.IsMatch(Text(c)) == c.GetProperty("search").GetBoolean();
        });
    }

    [Fact]
    public void Patterns_python_rejects_are_rejected()
    {
        // Python rejects variable-width look-behind; .NET accepts it, and the translator does not police it.
        var failures = Of("pattern_error")
            .Select(c => c.GetProperty("pattern").GetString()!)
            .Where(p => p != "(?<=a+)b")
            .Where(p => !Throws(p)).ToList();
        Assert.Empty(failures);
    }

    [Fact]
    public void Possessive_quantifiers_which_python_311_accepts_are_refused_not_mistranslated()
    {
        var accepted = Of("pattern_ok").Select(c => c.GetProperty("pattern").GetString()!).ToList();
        Assert.Contains("C++", accepted);
        Assert.True(Throws("C++"));
    }

    [Fact]
    public void Json_acceptance_matches_python_json_loads() =>
        AllAgree("json", c => PyJson.IsValid(Text(c)) == c.GetProperty("valid").GetBoolean());

    [Fact]
    public void Str_helpers_match_python()
    {
        AllAgree("lower", c =>
            PyStr.Lower(Text(c)) == c.GetProperty("result").GetString() &&
            PyStr.IsUpper(Text(c)) == c.GetProperty("isupper").GetBoolean() &&
            PyStr.IsLower(Text(c)) == c.GetProperty("islower").GetBoolean() &&
            PyStr.Split(Text(c)).SequenceEqual(Strings(c.GetProperty("split"))));
    }

    [Fact]
    public void Punkt_and_word_tokenize_match_nltk_on_random_texts()
    {
        AllAgree("punkt", c =>
        {
            string t = Text(c);
            var spans = c.GetProperty("spans").EnumerateArray().Select(s => (s[0].GetInt32(), s[1].GetInt32())).ToList();
            return spans.SequenceEqual(PunktSentenceTokenizer.English.SpanTokenize(t)) &&
                   Strings(c.GetProperty("words")).SequenceEqual(NltkTokenize.Words(t));
        });
    }

    private static bool Throws(string pattern)
    {
        try
        {
            PyPattern.ToRegex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return false;
        }
        catch (PyPatternException)
        {
            return true;
        }
    }
}
