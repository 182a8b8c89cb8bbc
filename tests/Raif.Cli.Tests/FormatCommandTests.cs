using System.Text.Json;

namespace Raif.Cli.Tests;

public class FormatCommandTests
{
    [Fact]
    public void Validate_prints_one_json_line_for_a_valid_qwen_response()
    {
        string sequence = "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n<think>" +
                          "计划</think><answer>答案</answer><|im_end|>";
        var result = RaifProcess.Run(sequence, "format", "validate", "--template", "qwen");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("{\"valid\":true,\"think\":\"计划\",\"answer\":\"答案\",\"reason\":\"ok\"}", result.StdOut.TrimEnd('\n'));
    }

    [Fact]
    public void Validate_names_the_first_rule_broken()
    {
        string sequence = "<s>[INST]S\n\nU[/INST]<think><think>x</think><answer>y</answer>";
        var result = RaifProcess.Run(sequence, "format", "validate", "--template", "mistral");
        using var doc = JsonDocument.Parse(result.StdOut);
        Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal("duplicate <think>", doc.RootElement.GetProperty("reason").GetString());
        Assert.Equal("y", doc.RootElement.GetProperty("answer").GetString());
    }

    [Fact]
    public void Validate_reports_null_texts_when_absent()
    {
        var result = RaifProcess.Run("<｜begin▁of▁sentence｜>S<｜User｜>U<｜Assistant｜><think>still thinking", "format", "validate", "-t", "deepseek");
        Assert.Equal("{\"valid\":false,\"think\":null,\"answer\":null,\"reason\":\"missing </think>\"}", result.StdOut.TrimEnd('\n'));
    }

    [Fact]
    public void Render_prints_the_exact_prompt()
    {
        var result = RaifProcess.Run(null, "format", "render", "--template", "llama3", "--system", "Be brief.", "--user", "Hi");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("<|begin_of_text|><|start_header_id|>system<|end_header_id|>You are a helpful assistant.", result.StdOut);
        Assert.EndsWith("tag.\n\nHere is the task definition:\n\nBe brief.<|eot_id|><|start_header_id|>user<|end_header_id|>Hi<|eot_id|><|start_header_id|>assistant<|end_header_id|><think>", result.StdOut);
    }

    [Fact]
    public void Render_no_cot_ends_with_the_empty_reasoning_block()
    {
        var result = RaifProcess.Run(null, "format", "render", "-t", "qwen", "--no-cot", "-u", "Hi");
        Assert.EndsWith("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n", result.StdOut);
    }

    [Fact]
    public void Unknown_template_is_rejected_with_the_choices()
    {
        var result = RaifProcess.Run("", "format", "validate", "--template", "gpt");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("gpt", result.StdErr);
        Assert.Contains("qwen", result.StdErr);
    }

    [Fact]
    public void Help_lists_the_verbs()
    {
        var result = RaifProcess.Run(null, "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("train", result.StdOut);
        Assert.Contains("format", result.StdOut);
    }
}
