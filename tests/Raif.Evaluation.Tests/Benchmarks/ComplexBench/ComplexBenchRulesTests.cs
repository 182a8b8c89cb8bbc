using Raif.Evaluation.Benchmarks.ComplexBench;

namespace Raif.Evaluation.Tests.Benchmarks.ComplexBench;

/// <summary>Expected values follow upstream evaluation/rule_based_evaluation.py and con_rule.py (749f457), read by hand.</summary>
public sealed class ComplexBenchRulesTests
{
    private const string Marker = "【模型回复中评分问题的评测对象】\n";

    [Fact]
    public void Preprocess_takes_the_text_after_the_last_marker_and_label()
    {
        Assert.Equal(["春天来了。"], ComplexBenchRules.Preprocess("春天来了。", "【解释】\n评分对象是整个回复。\n\n" + Marker + "评分对象：all"));
        Assert.Empty(ComplexBenchRules.Preprocess("x", Marker + "评分对象：None"));
        Assert.Equal(["一、春天", "二、花朵"], ComplexBenchRules.Preprocess("x", Marker + "评分对象： 一、春天 || 二、花朵 "));
        Assert.Equal(["你好"], ComplexBenchRules.Preprocess("x", Marker + "评测对象：你好\n\n请注意：以上为原文"));
        Assert.Equal(["我喜欢冬天吗"], ComplexBenchRules.Preprocess("x", "抽取结果：我喜欢冬天吗")); // falls back to the last '：'
        Assert.Equal(["Hello, world"], ComplexBenchRules.Preprocess("x", "Hello, world")); // no label at all
        Assert.Empty(ComplexBenchRules.Preprocess("x", null));
    }

    [Theory]
    [InlineData("keyword:[春天, 花朵]", "春天来了，花朵开放。", ComplexBenchVerdict.True)]
    [InlineData("keyword:[春天, 花朵]", "冬天来了", ComplexBenchVerdict.False)]
    [InlineData("match:你好", "你好。", ComplexBenchVerdict.True)]
    [InlineData("match:Hello, world", "Hello, world", ComplexBenchVerdict.False)] // the span's ',' becomes '，' before comparing
    [InlineData("startswith:尊敬的\nendswith:此致", "尊敬的老师：请假一天。此致", ComplexBenchVerdict.True)]
    [InlineData("not endswith:吗", "你好吗", ComplexBenchVerdict.False)]
    [InlineData("length:[1,5]", "春天来了", ComplexBenchVerdict.True)]
    [InlineData("length:[1,5]", "春天来了，花朵开放", ComplexBenchVerdict.False)]
    [InlineData("Json:['name', 'age']", "结果：{\"name\": \"Tom\", \"age\": 3}", ComplexBenchVerdict.True)]
    [InlineData("Json:['name']", "{\"name\": \"Tom\", \"age\": 3}", ComplexBenchVerdict.False)] // key count must match
    [InlineData("constraint_punc:[，, 。]", "春天来了，花朵开放。", ComplexBenchVerdict.True)]
    [InlineData("constraint_punc:[，, 。]", "春天来了！", ComplexBenchVerdict.False)]
    [InlineData("no rule grammar here", "anything", ComplexBenchVerdict.Undecidable)]
    [InlineData("model_unknown_rule:[1]", "anything", ComplexBenchVerdict.Undecidable)]
    [InlineData("each_unknown:[1]", "anything", ComplexBenchVerdict.Undecidable)]
    public void Single_span_rules(string rule, string span, ComplexBenchVerdict expected) =>
        Assert.Equal(expected, ComplexBenchRules.DecomposeJudge(rule, [span]));

    [Fact]
    public void Empty_span_lists_fail_most_model_rules_and_pass_forbidden_ones()
    {
        Assert.Equal(ComplexBenchVerdict.False, ComplexBenchRules.DecomposeJudge("model_keyword:[春天]", []));
        Assert.Equal(ComplexBenchVerdict.False, ComplexBenchRules.DecomposeJudge("model_keyword:[春天]", [""]));
        Assert.Equal(ComplexBenchVerdict.True, ComplexBenchRules.DecomposeJudge("model_forbidden_word_each:[我, 你]", []));
        Assert.Equal(ComplexBenchVerdict.True, ComplexBenchRules.DecomposeJudge("model_not_endswith:吗", [""]));
        Assert.Equal(ComplexBenchVerdict.False, ComplexBenchRules.DecomposeJudge("keyword:[春天]", [])); // rule("", ...)
    }

    [Fact]
    public void Each_rules_check_every_span_and_endswith_each_skips_the_last()
    {
        Assert.True(ComplexBenchRules.DecomposeJudge("model_endswith_each:。", ["第一句。", "第二句。", "没有句号"]) == ComplexBenchVerdict.True);
        Assert.True(ComplexBenchRules.DecomposeJudge("model_endswith_each:。", ["第一句。", "没有句号", "最后"]) == ComplexBenchVerdict.False);
        Assert.Equal(ComplexBenchVerdict.True, ComplexBenchRules.DecomposeJudge("model_starts_with_list_each:[一, 二]", ["一、春", "二、夏"]));
        Assert.Equal(ComplexBenchVerdict.False, ComplexBenchRules.DecomposeJudge("model_starts_with_list_each:[一, 二]", ["一、春"])); // count differs
        Assert.Equal(ComplexBenchVerdict.True, ComplexBenchRules.DecomposeJudge("model_number_each:[2,3]", ["a", "b"]));
        Assert.Equal(ComplexBenchVerdict.False, ComplexBenchRules.DecomposeJudge("model_number_each:[2,3]", ["a"]));
    }

    [Fact]
    public void Keyword_num_each_keeps_the_space_after_each_comma()
    {
        // "[1,2,春天, 花朵]" splits into "1", "2", "春天", " 花朵": the last keyword carries a leading space.
        Assert.Equal(ComplexBenchVerdict.True, ComplexBenchRules.DecomposeJudge("model_keyword_num_each:[1,1,春天, 花朵]", ["春天和花朵"]));
        Assert.Equal(ComplexBenchVerdict.False, ComplexBenchRules.DecomposeJudge("model_keyword_num_each:[1,1,春天, 花朵]", ["春天和 花朵"]));
    }
}
