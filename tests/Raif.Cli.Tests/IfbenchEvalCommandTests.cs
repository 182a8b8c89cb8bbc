using System.Text.Json;
using Raif.Tests.Shared;

namespace Raif.Cli.Tests;

/// <summary>
/// <c>raif eval ifbench</c> and <c>raif bench ifbench</c> on IFBench's original test file and published sample outputs
/// (external data), checked against upstream's published result files (tests/data/ifbench).
/// </summary>
public class IfbenchEvalCommandTests
{
    private static (string Inputs, string Responses) External() =>
        (TestDataFolder.External("ifbench", "IFBench_test_8a66c06.jsonl"), TestDataFolder.External("ifbench", "sample_output.jsonl"));

    [SkippableFact]
    public void Eval_ifbench_writes_upstreams_result_lines()
    {
        var (inputs, responses) = External();
        string output = Directory.CreateTempSubdirectory("raif-cli-ifbench-").FullName;
        try
        {
            var result = RaifProcess.Run(null, "eval", "ifbench", "--input-data", inputs, "--responses", responses, "--output-dir", output);
            Assert.True(result.ExitCode == 0, result.StdErr);
            foreach (string mode in new[] { "strict", "loose" })
            {
                // Verdicts, ids, prompts and responses, written as upstream's json.dumps does: the same bytes.
                var expected = File.ReadAllLines(TestDataFolder.Committed("ifbench", $"eval_results_{mode}.jsonl"));
                Assert.Equal(expected, File.ReadAllLines(Path.Combine(output, $"eval_results_{mode}.jsonl")));
            }
            Assert.Contains("IFBench accuracy", result.StdOut);
            Assert.Contains("prompt-level", result.StdOut);
            Assert.Contains("words:odd_even_syllables", result.StdOut);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [SkippableFact]
    public void A_missing_response_is_an_error_naming_the_prompts_key()
    {
        var (inputs, responses) = External();
        string dir = Directory.CreateTempSubdirectory("raif-cli-ifbench-").FullName;
        try
        {
            var lines = File.ReadAllLines(responses);
            string partial = Path.Combine(dir, "responses.jsonl");
            File.WriteAllLines(partial, lines.Where((_, i) => i != 7));
            string key = JsonDocument.Parse(File.ReadLines(inputs).ElementAt(7)).RootElement.GetProperty("key").GetRawText();
            var result = RaifProcess.Run(null, "eval", "ifbench", "--input-data", inputs, "--responses", partial, "--output-dir", Path.Combine(dir, "out"));
            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"no response for key {key.Trim('"')}", result.StdErr);
            Assert.False(File.Exists(Path.Combine(dir, "out", "eval_results_strict.jsonl")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void An_unknown_argument_names_file_line_instruction_and_argument()
    {
        string dir = Directory.CreateTempSubdirectory("raif-cli-ifbench-").FullName;
        try
        {
            string inputs = Path.Combine(dir, "inputs.jsonl"), responses = Path.Combine(dir, "responses.jsonl");
            File.WriteAllLines(inputs,
            [
                """{"key": 0, "prompt": "p0", "instruction_id_list": ["format:no_whitespace"], "kwargs": [{"N": null}]}""",
                """{"key": 1, "prompt": "p1", "instruction_id_list": ["count:numbers"], "kwargs": [{"N": 2.0, "bogus": 1}]}""",
            ]);
            File.WriteAllLines(responses, ["""{"prompt": "p0", "response": "a"}""", """{"prompt": "p1", "response": "1 2"}"""]);
            var result = RaifProcess.Run(null, "eval", "ifbench", "--input-data", inputs, "--responses", responses, "--output-dir", Path.Combine(dir, "out"));
            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"{inputs}:2:", result.StdErr);
            Assert.Contains("'count:numbers'", result.StdErr);
            Assert.Contains("'bogus'", result.StdErr);

            File.WriteAllLines(inputs, ["""{"key": 0, "prompt": "p0", "instruction_id_list": ["count:nope"], "kwargs": [{}]}"""]);
            result = RaifProcess.Run(null, "eval", "ifbench", "--input-data", inputs, "--responses", responses, "--output-dir", Path.Combine(dir, "out"));
            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"{inputs}:1:", result.StdErr);
            Assert.Contains("'count:nope'", result.StdErr);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_check_that_raises_upstream_is_listed_and_counts_as_not_followed()
    {
        string dir = Directory.CreateTempSubdirectory("raif-cli-ifbench-").FullName;
        try
        {
            string inputs = Path.Combine(dir, "inputs.jsonl"), responses = Path.Combine(dir, "responses.jsonl");
            // "..." has no words once punctuation is removed: upstream's words[0][0] raises IndexError.
            File.WriteAllLines(inputs, ["""{"key": 5, "prompt": "p", "instruction_id_list": ["words:alphabet"], "kwargs": [{}]}"""]);
            File.WriteAllLines(responses, ["""{"prompt": "p", "response": "..."}"""]);
            var result = RaifProcess.Run(null, "eval", "ifbench", "--input-data", inputs, "--responses", responses, "--output-dir", Path.Combine(dir, "out"));
            Assert.True(result.ExitCode == 0, result.StdErr);
            Assert.Contains("raise in the reference code", result.StdOut);
            Assert.Contains("IndexError", result.StdOut);
            var line = JsonDocument.Parse(File.ReadAllLines(Path.Combine(dir, "out", "eval_results_strict.jsonl"))[0]).RootElement;
            Assert.False(line.GetProperty("follow_all_instructions").GetBoolean());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [SkippableFact]
    public void Bench_ifbench_reports_throughput()
    {
        var (inputs, responses) = External();
        var result = RaifProcess.Run(null, "bench", "ifbench", "--input-data", inputs, "--responses", responses, "--copies", "2", "--repeat", "1");
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("IFBench strict+loose, 588 responses (294 x 2)", result.StdOut);
        Assert.Contains("Raif (warm, median)", result.StdOut);
    }
}
