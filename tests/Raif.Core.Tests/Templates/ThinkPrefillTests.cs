using Raif.Core.Templates;

namespace Raif.Core.Tests.Templates;

public class ThinkPrefillTests
{
    [Theory]
    [InlineData("P<think>", "P<think>\n\n</think>\n")]
    [InlineData("P<think>\n", "P<think>\n\n</think>\n")]
    [InlineData("P<think>\n\n", "P<think>\n\n</think>\n")]
    [InlineData("P", "P<think>\n\n</think>\n")]
    public void No_cot_variant_covers_the_four_cases_of_spec_5_3(string prompt, string expected)
    {
        string noCot = ThinkPrefill.MakeNoCot(prompt);
        Assert.Equal(expected, noCot);
        Assert.EndsWith("<think>\n\n</think>\n", noCot);
        Assert.True(ThinkPrefill.IsNoCot(noCot));
    }

    [Theory]
    [InlineData("P<think>")]
    [InlineData("P<think>\n")]
    [InlineData("P<think>\n\n")]
    [InlineData("P")]
    public void A_prompt_and_its_no_cot_variant_share_the_grouping_key(string prompt)
    {
        Assert.Equal("P", ThinkPrefill.GroupingKey(prompt));
        Assert.Equal("P", ThinkPrefill.GroupingKey(ThinkPrefill.MakeNoCot(prompt)));
    }

    [Fact]
    public void Different_prompts_have_different_keys()
    {
        Assert.NotEqual(ThinkPrefill.GroupingKey("A<think>"), ThinkPrefill.GroupingKey(ThinkPrefill.MakeNoCot("B<think>")));
    }

    [Theory]
    [InlineData("x<think>", "x<think>")]
    [InlineData("x<think>\n", "x<think>\n")]
    [InlineData("x<think>\n\n", "x<think>\n\n")]
    [InlineData("x", "x<think>\n")]
    [InlineData("x<think> ", "x<think> <think>\n")]
    public void Loader_appends_a_think_opener_only_when_missing(string input, string expected)
    {
        Assert.Equal(expected, ThinkPrefill.Ensure(input));
    }

    [Fact]
    public void No_cot_of_a_rendered_qwen_prompt_ends_with_an_empty_reasoning_block()
    {
        string prompt = ChatTemplates.Qwen.RenderPrompt("S", "U");
        Assert.Equal("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n",
            ThinkPrefill.MakeNoCot(prompt));
    }
}
