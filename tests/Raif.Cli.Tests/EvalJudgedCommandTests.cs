using System.Text.Json;
using System.Text.Json.Nodes;

namespace Raif.Cli.Tests;

/// <summary><c>raif eval cfbench|infobench|fbbench</c> from the command line: replies from a file, outputs, errors.</summary>
public sealed class EvalJudgedCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-eval-judged-").FullName;

    private string WriteCfBench()
    {
        string data = Path.Combine(_dir, "cfbench");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "cfbench_data.json"), """
            [
              {"idx": 0, "prompt": "p0", "gold": "", "split": "easy", "criteria": [["A", "主需", "t", "s"], ["B", "次需", "t", "s"]]},
              {"idx": 1, "prompt": "p1", "gold": "", "split": "hard", "criteria": [["C", "主需", "t", "s"]]}
            ]
            """);
        return data;
    }

    [Fact]
    public void Cfbench_scores_from_a_judgments_file_without_a_judge()
    {
        string data = WriteCfBench();
        string judgments = Path.Combine(_dir, "j.jsonl");
        File.WriteAllLines(judgments, [
            """{"id": 0, "reply": "A\t1\n\nB\t0"}""",
            """{"id": "1", "reply": "C\t1"}""",
        ]);
        string output = Path.Combine(_dir, "out");
        var result = RaifProcess.Run(null, "eval", "cfbench", "--data", data, "--judgments", judgments, "--output-dir", output);
        Assert.True(result.ExitCode == 0, result.StdErr);
        var items = File.ReadAllLines(Path.Combine(output, "items.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(2, items.Count);
        // Item 0: CSR mean(1, 0) = 0.5; primary met, secondary 0 → 0.5 + 0.5 * 0 = 0.5, not > 0.8 → PSR 0.
        Assert.Equal("0", (string)items[0]["id"]!);
        Assert.Equal("1", (string)items[0]["judge_parsing"]!);
        Assert.Equal(0.5, (double)items[0]["CSR"]!);
        Assert.Equal(0, (int)items[0]["PSR"]!);
        var scores = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "scores.json")))!;
        Assert.Equal(0.75, (double)scores["full"]!["CSR"]!, 1e-12);
        Assert.Equal(0.5, (double)scores["full"]!["PSR"]!, 1e-12);
        Assert.Equal(1.0, (double)scores["hard"]!["ISR"]!, 1e-12);
        Assert.True(File.Exists(Path.Combine(output, "report.md")));
        Assert.Contains("0 judge calls", result.StdOut);
    }

    [Fact]
    public void A_bad_response_line_names_file_line_and_field()
    {
        string data = WriteCfBench();
        string responses = Path.Combine(_dir, "responses.jsonl");
        File.WriteAllLines(responses, ["""{"id": 0, "response": "fine"}""", """{"id": 1, "response": 7}"""]);
        var result = RaifProcess.Run(null, "eval", "cfbench", "--data", data, "--responses", responses, "--output-dir", Path.Combine(_dir, "out"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{responses}:2: field 'response'", result.StdErr);
        Assert.False(File.Exists(Path.Combine(_dir, "out", "scores.json")));
    }

    [Fact]
    public void A_missing_reply_without_a_judge_names_the_item()
    {
        string data = WriteCfBench();
        string responses = Path.Combine(_dir, "responses.jsonl");
        File.WriteAllLines(responses, ["""{"id": 1, "response": "r"}"""]);
        var result = RaifProcess.Run(null, "eval", "cfbench", "--data", data, "--responses", responses, "--output-dir", Path.Combine(_dir, "out"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("CFBench item 1", result.StdErr);
    }

    [Fact]
    public void A_bad_data_record_names_its_line_and_field()
    {
        string data = WriteCfBench();
        string file = Path.Combine(data, "cfbench_data.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"split\": \"hard\"", "\"split\": \"medium\"", StringComparison.Ordinal));
        var result = RaifProcess.Run(null, "eval", "cfbench", "--data", data, "--judgments", file, "--output-dir", Path.Combine(_dir, "out"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{file}:3: field 'split'", result.StdErr);
    }

    [Fact]
    public void Fbbench_replays_replies_and_writes_the_tables()
    {
        string data = Path.Combine(_dir, "fbbench");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "fb_bench_dataset_v3.json"), JsonSerializer.Serialize(new object[]
        {
            new { bench_type = "Error Correction", task_type = "Mathematics", user_query = "q0", origin_first_response = "a", feedback = "f", error_type = new[] { "Logical Error" }, feedback_type = new[] { "Pointing Out Errors" }, checklist = new object[] { new object[] { "x", 0.4 }, new object[] { "y", 0.6 } } },
            new { bench_type = "Response Maintenance", task_type = "Coding", user_query = "q1", origin_first_response = "a", feedback = "f", error_type = (string[]?)null, feedback_type = new[] { "Misinformation" }, checklist = new object[] { "z" } },
        }));
        string judgments = Path.Combine(_dir, "j.jsonl");
        File.WriteAllLines(judgments, [
            JsonSerializer.Serialize(new { id = "0", reply = """{"x": {"评判理由": "r", "评判结果": "是", "weight": 0.4}, "y": {"评判理由": "r", "评判结果": "否", "weight": 0.6}}""" }),
            JsonSerializer.Serialize(new { id = "1", reply = "not json" }),
            JsonSerializer.Serialize(new { id = "1", reply = """{"z": {"评判理由": "r", "评判结果": "是", "weight": null}}""" }),
        ]);
        string output = Path.Combine(_dir, "out");
        var result = RaifProcess.Run(null, "eval", "fbbench", "--data", data, "--judgments", judgments, "--output-dir", output);
        Assert.True(result.ExitCode == 0, result.StdErr);
        var scores = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "scores.json")))!;
        Assert.Equal(40.0, (double)scores["error_correction"]!, 1e-9);
        Assert.Equal(100.0, (double)scores["response_maintenance"]!, 1e-9);
        Assert.Equal(70.0, (double)scores["overall"]!, 1e-9);
        Assert.Equal(-60.0, (double)scores["ec_minus_rm"]!, 1e-9);
        Assert.Equal(40.0, (double)scores["per_error"]!["Logical Error"]!["error_correction"]!, 1e-9);
        var items = File.ReadAllLines(Path.Combine(output, "items.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(2, (int)items[1]["judge_replies"]!);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
