using Raif.Core.Responses;
using Raif.Core.Templates;

namespace Raif.Core.Tests.Responses;

/// <summary>
/// The table of spec §5.4–5.6: each case renders "SYS"/"USER" with a template (so the prompt ends with the
/// pre-filled &lt;think&gt;), appends the generated text, and checks validity, extracted texts and the first rule broken.
/// </summary>
public class FormatAnalysisTableTests
{
    public static TheoryData<string, string, bool, string?, string?, string> Cases => new()
    {
        // template, generated text, valid, think, answer, reason
        { "qwen", "plan</think><answer>42</answer>", true, "plan", "42", "ok" },
        { "qwen", "plan</think><answer>42</answer><|im_end|>junk<think>", true, "plan", "42", "ok" },
        { "qwen", "plan</think>42", false, "plan", null, "missing <answer>" },
        { "qwen", "<think>plan</think><answer>x</answer>", false, "<think>plan", "x", "duplicate <think>" },
        { "qwen", "plan<answer>x</answer></think>", false, "plan<answer>x</answer>", "x", "<answer> before </think>" },
        { "qwen", "plan</think>\n\nsome text\n<answer>x</answer>\ntrailing", true, "plan", "x", "ok" },
        { "qwen", "</think><answer>x</answer>", true, "", "x", "ok" },
        { "qwen", " reasoning process here </think><answer>x</answer>", true, "reasoning process here", "x", "ok" },
        { "qwen", "plan</think><answer>a</answer><answer>b</answer>", false, "plan", "b", "duplicate <answer>" },
        { "qwen", "plan</think><answer>x", false, "plan", null, "missing </answer>" },
        { "qwen", "plan</think><answer>x</answer><|endoftext|><answer>y</answer>", true, "plan", "x", "ok" },
        { "qwen", "先分析约束：三点</think><answer>你好，世界</answer>", true, "先分析约束：三点", "你好，世界", "ok" },
        { "qwen", "plan\r\n</think>\r\n<answer>\r\nhi\r\n</answer>\r\n", true, "plan", "hi", "ok" },
        { "qwen", "plan</think></think><answer>x</answer>", false, "plan", "x", "duplicate </think>" },
        { "qwen", "", false, null, null, "missing </think>" },
        { "qwen", "plan</think><answer>x</answer></s>", true, "plan", "x", "ok" },
        { "qwen", "pl<|im_end|>an</think><answer>x</answer>", false, null, null, "missing </think>" },
        { "qwen", "plan</think><answer>x</answer><|im_end|>\n<|im_start|>user\nmore</think>", true, "plan", "x", "ok" },
        { "qwen", "plan</think><answer></answer>", true, "plan", "", "ok" },
        { "qwen", "plan</think>   <answer>  spaced  </answer>  ", true, "plan", "spaced", "ok" },
        { "deepseek", "plan</think>The answer.", true, "plan", "The answer.", "ok" },
        { "deepseek", "plan</think>", true, "plan", "", "ok" },
        { "deepseek", "plan", false, null, null, "missing </think>" },
        { "deepseek", "plan</think>ans<｜end▁of▁sentence｜>junk", true, "plan", "ans", "ok" },
        { "deepseek", "<think>x</think>y", false, "<think>x", "y", "duplicate <think>" },
        { "deepseek", "plan</think><answer>x</answer>", true, "plan", "<answer>x</answer>", "ok" },
        { "deepseek", "a</think>b</think>c", false, "a", "c", "duplicate </think>" },
        { "deepseek", "推理</think>答案是四十二。", true, "推理", "答案是四十二。", "ok" },
        { "deepseek", "plan\r\n</think>\r\nanswer\r\n", true, "plan", "answer", "ok" },
        { "llama3", "plan</think><answer>x</answer><|eot_id|>more", true, "plan", "x", "ok" },
        { "llama3", "plan</think><answer></answer>", true, "plan", "", "ok" },
        { "llama3", "</answer>plan</think><answer>x", false, "</answer>plan", null, "</answer> before <answer>" },
        { "llama3", "plan</think>", false, "plan", null, "missing <answer>" },
        { "llama3", "reasoning process here</think><answer>a</answer>", true, "reasoning process here", "a", "ok" },
        { "mistral", "plan</think><answer>x</answer></s>", true, "plan", "x", "ok" },
        { "mistral", "plan</think>", false, "plan", null, "missing <answer>" },
        { "mistral", "要点</think><answer>中文回答</answer>", true, "要点", "中文回答", "ok" },
        { "mistral", "<answer>x</answer>plan</think>", false, "<answer>x</answer>plan", "x", "<answer> before </think>" },
        { "base", "plan</think><answer>x</answer>", true, "plan", "x", "ok" },
        { "base", "plan</think><answer>x</answer>\nUser: next question", true, "plan", "x", "ok" },
        { "base", "plan</think><answer>x</answer></answer>", false, "plan", "x", "duplicate </answer>" },
        { "base", "plan\r\n</think><answer>x</answer>\r\n", true, "plan", "x", "ok" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_text_is_segmented_extracted_and_validated(
        string template, string generated, bool valid, string? think, string? answer, string reason)
    {
        var chat = ChatTemplates.Get(template);
        string sequence = chat.RenderPrompt("SYS", "USER") + generated;

        var analysis = FormatAnalysis.Analyze(sequence, chat);

        Assert.Equal(reason, analysis.Reason);
        Assert.Equal(valid, analysis.Valid);
        Assert.Equal(think, analysis.Think);
        Assert.Equal(answer, analysis.Answer);
        // Detection without a hint finds the same template.
        Assert.Same(chat, FormatAnalysis.Analyze(sequence).Template);
    }

    [Fact]
    public void Model_output_starts_at_the_prefilled_think_and_is_cut_at_the_first_stop_string()
    {
        string prompt = ChatTemplates.Qwen.RenderPrompt("SYS", "USER");
        var analysis = FormatAnalysis.Analyze(prompt + "a</think><answer>b</answer><|endoftext|>x<|im_end|>");
        Assert.Equal("<think>a</think><answer>b</answer>", analysis.ModelOutput);
        Assert.Equal(prompt[..^"<think>".Length], analysis.ModelInput);
    }

    [Fact]
    public void The_last_assistant_anchor_wins_over_earlier_turns()
    {
        var turns = new[]
        {
            ChatTurn.System("S"), ChatTurn.User("q1"), ChatTurn.Assistant("<think>old</think><answer>o</answer>"), ChatTurn.User("q2"),
        };
        string sequence = ChatTemplates.Qwen.RenderGenerationPrompt(turns) + "new</think><answer>n</answer>";
        var analysis = FormatAnalysis.Analyze(sequence);
        Assert.True(analysis.Valid);
        Assert.Equal("new", analysis.Think);
        Assert.Equal("n", analysis.Answer);
    }

    [Fact]
    public void No_anchor_is_an_invalid_format()
    {
        var analysis = FormatAnalysis.Analyze("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\nhello");
        Assert.False(analysis.Valid);
        Assert.False(analysis.AnchorFound);
        Assert.Equal("no assistant anchor", analysis.Reason);
        Assert.Null(analysis.Think);
        Assert.Null(analysis.Answer);
    }

    [Fact]
    public void A_named_template_whose_anchor_is_absent_is_invalid()
    {
        string mistral = ChatTemplates.Mistral.RenderPrompt("S", "U") + "p</think><answer>a</answer>";
        var analysis = FormatAnalysis.Analyze(mistral, ChatTemplates.Qwen);
        Assert.False(analysis.Valid);
        Assert.Equal("no assistant anchor for template qwen", analysis.Reason);
    }

    [Fact]
    public void Detection_follows_the_spec_order()
    {
        // A qwen sequence that also contains the base anchor in its user text is still qwen.
        string sequence = ChatTemplates.Qwen.RenderPrompt("S", "Assistant:<think> appears here") + "p</think><answer>a</answer>";
        Assert.Equal("qwen", ResponseSegmenter.DetectTemplate(sequence)!.Name);
    }

    [Fact]
    public void Deepseek_needs_all_three_markers()
    {
        // Without the begin-of-sentence marker the deepseek anchor alone does not identify the template.
        string sequence = "<｜User｜>U<｜Assistant｜><think>p</think>a";
        Assert.Null(ResponseSegmenter.DetectTemplate(sequence));
    }
}
