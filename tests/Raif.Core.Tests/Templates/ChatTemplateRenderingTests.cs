using Raif.Core.Templates;

namespace Raif.Core.Tests.Templates;

/// <summary>Rendered prompts must equal the layouts of spec §5.2 byte for byte; the expectations are written out literally.</summary>
public class ChatTemplateRenderingTests
{
    [Theory]
    [InlineData("qwen", "<|im_start|>system\nSYS<|im_end|>\n<|im_start|>user\nUSER<|im_end|>\n<|im_start|>assistant\n<think>")]
    [InlineData("deepseek", "<｜begin▁of▁sentence｜>SYS<｜User｜>USER<｜Assistant｜><think>")]
    [InlineData("llama3", "<|begin_of_text|><|start_header_id|>system<|end_header_id|>SYS<|eot_id|><|start_header_id|>user<|end_header_id|>USER<|eot_id|><|start_header_id|>assistant<|end_header_id|><think>")]
    [InlineData("mistral", "<s>[INST]SYS\n\nUSER[/INST]<think>")]
    [InlineData("base", "System:SYS\nUser:USER\nAssistant:<think>")]
    public void System_and_user_render_to_the_spec_layout(string template, string expected)
    {
        Assert.Equal(expected, ChatTemplates.Get(template).RenderPrompt("SYS", "USER"));
    }

    [Theory]
    [InlineData("qwen", "<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n")]
    [InlineData("deepseek", "<｜begin▁of▁sentence｜><｜User｜>U<｜Assistant｜>")]
    [InlineData("llama3", "<|begin_of_text|><|start_header_id|>user<|end_header_id|>U<|eot_id|><|start_header_id|>assistant<|end_header_id|>")]
    [InlineData("mistral", "<s>[INST]U[/INST]")]
    [InlineData("base", "User:U\nAssistant:")]
    public void Generation_prompt_without_prefill_or_system(string template, string expected)
    {
        Assert.Equal(expected, ChatTemplates.Get(template).RenderPrompt(null, "U", prefillThink: false));
    }

    [Theory]
    [InlineData("qwen", "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU1<|im_end|>\n<|im_start|>assistant\nA1<|im_end|>\n<|im_start|>user\nU2<|im_end|>\n<|im_start|>assistant\n<think>")]
    [InlineData("deepseek", "<｜begin▁of▁sentence｜>S<｜User｜>U1<｜Assistant｜>A1<｜end▁of▁sentence｜><｜User｜>U2<｜Assistant｜><think>")]
    [InlineData("llama3", "<|begin_of_text|><|start_header_id|>system<|end_header_id|>S<|eot_id|><|start_header_id|>user<|end_header_id|>U1<|eot_id|><|start_header_id|>assistant<|end_header_id|>A1<|eot_id|><|start_header_id|>user<|end_header_id|>U2<|eot_id|><|start_header_id|>assistant<|end_header_id|><think>")]
    [InlineData("mistral", "<s>[INST]S\n\nU1[/INST]A1</s>[INST]U2[/INST]<think>")]
    [InlineData("base", "System:S\nUser:U1\nAssistant:A1\nUser:U2\nAssistant:<think>")]
    public void Multi_turn_conversations_render_every_turn(string template, string expected)
    {
        var turns = new[] { ChatTurn.System("S"), ChatTurn.User("U1"), ChatTurn.Assistant("A1"), ChatTurn.User("U2") };
        Assert.Equal(expected, ChatTemplates.Get(template).RenderGenerationPrompt(turns));
    }

    [Theory]
    [InlineData("qwen", "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nQ<|im_end|>\n<|im_start|>assistant\nYES(是)")]
    [InlineData("deepseek", "<｜begin▁of▁sentence｜>S<｜User｜>Q<｜Assistant｜>YES(是)")]
    [InlineData("llama3", "<|begin_of_text|><|start_header_id|>system<|end_header_id|>S<|eot_id|><|start_header_id|>user<|end_header_id|>Q<|eot_id|><|start_header_id|>assistant<|end_header_id|>YES(是)")]
    [InlineData("mistral", "<s>[INST]S\n\nQ[/INST]YES(是)")]
    [InlineData("base", "System:S\nUser:Q\nAssistant:YES(是)")]
    public void Continue_final_message_leaves_the_assistant_turn_open(string template, string expected)
    {
        var turns = new[] { ChatTurn.System("S"), ChatTurn.User("Q"), ChatTurn.Assistant("YES(是)") };
        Assert.Equal(expected, ChatTemplates.Get(template).Render(turns, RenderEnding.ContinueFinalMessage));
    }

    [Fact]
    public void Unknown_template_names_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => ChatTemplates.Get("chatml2"));
        Assert.Contains("chatml2", e.Message);
        Assert.Contains("qwen, deepseek, llama3, mistral, base", e.Message);
    }

    [Fact]
    public void A_system_turn_after_the_first_is_rejected()
    {
        Assert.Throws<ArgumentException>(() =>
            ChatTemplates.Qwen.Render([ChatTurn.User("u"), ChatTurn.System("s")], RenderEnding.Closed));
    }
}
