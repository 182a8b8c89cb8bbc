namespace Raif.Cli.Tests;

public class EvalCommandTests
{
    [Fact]
    public void Eval_ifeval_writes_the_official_result_lines_in_input_order()
    {
        using var data = new IfevalFixture();
        string output = Path.Combine(data.Dir, "out");
        var result = RaifProcess.Run(null, "eval", "ifeval", "--input-data", data.InputData, "--responses", data.Responses, "--output-dir", output);
        Assert.True(result.ExitCode == 0, result.StdErr);
        // Byte-identical to what Google's evaluator wrote for the same prompts and responses.
        Assert.Equal(data.ExpectedStrict, File.ReadAllLines(Path.Combine(output, "eval_results_strict.jsonl")));
        Assert.Equal(data.ExpectedLoose, File.ReadAllLines(Path.Combine(output, "eval_results_loose.jsonl")));
        Assert.Contains("prompt-level", result.StdOut);
        Assert.Contains("instruction-level", result.StdOut);
        Assert.Contains("punctuation:no_comma", result.StdOut);
        Assert.Contains("by category", result.StdOut);
    }

    [Fact]
    public void A_missing_response_is_an_error_naming_the_key()
    {
        using var data = new IfevalFixture(count: 5);
        var lines = File.ReadAllLines(data.Responses);
        File.WriteAllLines(data.Responses, lines.Skip(1));
        var result = RaifProcess.Run(null, "eval", "ifeval", "--input-data", data.InputData, "--responses", data.Responses, "--output-dir", Path.Combine(data.Dir, "out"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"no response for key {data.Keys[0]}", result.StdErr);
        Assert.False(File.Exists(Path.Combine(data.Dir, "out", "eval_results_strict.jsonl")));
    }

    [Fact]
    public void A_bad_argument_names_file_line_instruction_and_argument()
    {
        using var data = new IfevalFixture(count: 3);
        var lines = File.ReadAllLines(data.InputData);
        lines[1] = lines[1].Replace("\"kwargs\": [", "\"kwargs\": [{\"bogus\": 1}, ", StringComparison.Ordinal)
            .Replace("\"instruction_id_list\": [", "\"instruction_id_list\": [\"punctuation:no_comma\", ", StringComparison.Ordinal);
        File.WriteAllLines(data.InputData, lines);
        var result = RaifProcess.Run(null, "eval", "ifeval", "--input-data", data.InputData, "--responses", data.Responses, "--output-dir", Path.Combine(data.Dir, "out"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{data.InputData}:2:", result.StdErr);
        Assert.Contains("'punctuation:no_comma'", result.StdErr);
        Assert.Contains("'bogus'", result.StdErr);
    }

    [Fact]
    public void Bench_ifeval_reports_throughput()
    {
        using var data = new IfevalFixture(count: 10);
        var result = RaifProcess.Run(null, "bench", "ifeval", "--input-data", data.InputData, "--responses", data.Responses, "--copies", "3", "--repeat", "1");
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("30 responses (10 x 3)", result.StdOut);
        Assert.Contains("Raif (warm, median)", result.StdOut);
    }

    [Fact]
    public void Bench_ifeval_refuses_a_negative_warm_up_count()
    {
        using var data = new IfevalFixture(count: 2);
        var result = RaifProcess.Run(null, "bench", "ifeval", "--input-data", data.InputData, "--responses", data.Responses, "--warmup", "-1");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--warmup must be 0 or more", result.StdErr);
    }
}
