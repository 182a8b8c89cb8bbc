using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Evaluation.Benchmarks.Cello;

namespace Raif.Evaluation.Tests.Benchmarks.Cello;

/// <summary>Expected values follow upstream code/scorers/*.py read line by line (commit 5430aa1); each is worked by hand.</summary>
public sealed class CelloScorerTests
{
    private const string Null = """[{"criterion": "NULL", "limit": "NULL"}]""";

    private static CelloSample Sample(string answerFormat = Null, string input = Null, string task = Null, string count = Null)
    {
        string json = $$"""{"Instruction_id": "x", "lang": "ch", "Answer_format": {{answerFormat}}, "Input_depdent_query": {{input}}, "Task_prescribed_phrases": {{task}}, "Count_limit": {{count}}}""";
        var line = new JsonlLine("test.json", 1, JsonDocument.Parse(json).RootElement.Clone());
        string path = Path.Combine(Path.GetTempPath(), $"cello-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "[" + json + "]");
        try
        {
            return CelloFiles.ReadData(path)[0] with { Source = line };
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static readonly CelloHistoryTail NoHistory = new(false, null);

    [Fact]
    public void All_null_criteria_give_nan_everywhere()
    {
        var s = CelloScorer.Score("答案", NoHistory, null, Sample());
        Assert.True(double.IsNaN(s.Format) && double.IsNaN(s.Input) && double.IsNaN(s.Task) && double.IsNaN(s.CountLimit));
    }

    [Fact]
    public void A_non_string_answer_scores_zero_everywhere() =>
        Assert.Equal(new CelloItemScores(0, 0, 0, 0), CelloScorer.Score(null, NoHistory, null, Sample()));

    [Fact]
    public void Format_is_the_mean_of_resolve_and_keyword_coverage()
    {
        var sample = Sample(answerFormat: """[{"criterion": "resolve", "limit": "dict"}, {"criterion": "keywords", "limit": ["name", "age", "city"]}]""");
        // resolve: a Python dict -> 1; keywords: 2 of 3 -> 2/3; mean = 5/6.
        Assert.Equal(5.0 / 6, CelloScorer.Score("{'name': 'a', 'age': 3}", NoHistory, null, sample).Format, 1e-12);
        // JSON true is a NameError under eval -> resolve 0; coverage 2/3; mean = 1/3.
        Assert.Equal(1.0 / 3, CelloScorer.Score("{\"name\": true, \"age\": 3}", NoHistory, null, sample).Format, 1e-12);
    }

    [Fact]
    public void A_list_valued_resolve_limit_matches_no_branch_and_scores_zero()
    {
        var sample = Sample(answerFormat: """[{"criterion": "resolve", "limit": ["xml"]}, {"criterion": "keywords", "limit": ["a"]}]""");
        Assert.Equal(0.5, CelloScorer.Score("<a>1</a>", NoHistory, null, sample).Format, 1e-12); // (0 + 1) / 2
    }

    [Fact]
    public void Sentence_max_is_computed_and_discarded()
    {
        var sample = Sample(count: """[{"criterion": "sentence-max", "limit": 1}]""");
        Assert.True(double.IsNaN(CelloScorer.Score("一。二。三。", NoHistory, null, sample).CountLimit));
    }

    [Fact]
    public void Sentence_exact_counts_chinese_sentences_ending_in_punctuation_or_newline()
    {
        var sample = Sample(count: """[{"criterion": "sentence-exact", "limit": 3}]""");
        Assert.Equal(1.0, CelloScorer.Score("一。二！三\n", NoHistory, null, sample).CountLimit);
        Assert.Equal(0.0, CelloScorer.Score("一。二！三", NoHistory, null, sample).CountLimit); // the last has no terminator
    }

    [Fact]
    public void Word_max_counts_chinese_characters_and_scales_the_excess()
    {
        var sample = Sample(count: """[{"criterion": "word-max", "limit": 4}]""");
        // 5 Chinese characters against a limit of 4: 1 - |4 - 5| / 5 = 0.8.
        Assert.Equal(0.8, CelloScorer.Score("春天来了吗abc", NoHistory, null, sample).CountLimit, 1e-12);
    }

    [Fact]
    public void Revise_compares_with_the_last_assistant_turn()
    {
        var sample = Sample(count: """[{"criterion": "revise", "limit": "shorter"}]""");
        Assert.Equal(1.0, CelloScorer.Score("短", new CelloHistoryTail(true, "长一些"), null, sample).CountLimit);
        Assert.Equal(0.0, CelloScorer.Score("长了很多很多", new CelloHistoryTail(true, "长一些"), null, sample).CountLimit);
        Assert.Equal(0.0, CelloScorer.Score("短", new CelloHistoryTail(true, null), null, sample).CountLimit); // last turn not a string
        Assert.True(double.IsNaN(CelloScorer.Score("短", NoHistory, null, sample).CountLimit)); // no history: revise not scored
    }

    [Fact]
    public void Sample_number_fails_when_any_number_exceeds_the_limit()
    {
        var sample = Sample(count: """[{"criterion": "sample-number", "limit": 3}]""");
        Assert.Equal(1.0, CelloScorer.Score("1. a 2. b 3. c", NoHistory, null, sample).CountLimit);
        Assert.Equal(0.0, CelloScorer.Score("1. a 2. b 3. c 4. d", NoHistory, null, sample).CountLimit);
        Assert.Equal(0.0, CelloScorer.Score("1. a 2. b", NoHistory, null, sample).CountLimit);
    }

    [Fact]
    public void Sample_min_scores_the_share_of_substrings_present_often_enough()
    {
        var sample = Sample(count: """[{"criterion": "sample-min", "limit": [["优点", 2], ["缺点", 1]]}]""");
        Assert.Equal(0.5, CelloScorer.Score("优点：一。缺点：二。", NoHistory, null, sample).CountLimit, 1e-12);
    }

    [Fact]
    public void Unimplemented_count_criteria_are_not_applicable()
    {
        var sample = Sample(count: """[{"criterion": "sample-exact", "limit": 3}]""");
        Assert.True(double.IsNaN(CelloScorer.Score("1 2 3", NoHistory, null, sample).CountLimit));
    }

    [Fact]
    public void Input_score_is_coverage_times_one_minus_character_bleu_against_the_input()
    {
        var sample = Sample(input: """[{"criterion": "keywords", "limit": ["春天", "夏天"]}]""");
        // Copying the input verbatim: BLEU 1, so (1 - 1) * 1/2 = 0; without input text the coverage 1/2 stands.
        Assert.Equal(0.0, CelloScorer.Score("春天来了花开", NoHistory, "春天来了花开", sample).Input, 1e-12);
        Assert.Equal(0.5, CelloScorer.Score("春天来了花开", NoHistory, null, sample).Input, 1e-12);
        Assert.Equal(0.5, CelloScorer.Score("春天来了花开", NoHistory, "NULL", sample).Input, 1e-12);
    }

    [Fact]
    public void A_missing_keywords_criterion_is_reported_with_file_and_field()
    {
        var sample = Sample(task: """[{"criterion": "resolve", "limit": "json"}]""");
        var e = Assert.Throws<JsonlException>(() => CelloScorer.Score("x", NoHistory, null, sample));
        Assert.Equal("Task_prescribed_phrases", e.Field);
        Assert.Equal("test.json", e.File);
    }
}
