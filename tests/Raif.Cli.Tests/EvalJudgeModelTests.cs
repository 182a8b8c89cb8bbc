using System.Text.Json;

namespace Raif.Cli.Tests;

/// <summary>
/// <c>raif eval infobench</c> with a real (tiny, random) judge model: locally (<c>--judge</c>) and over HTTP through
/// <c>raif serve</c> (<c>--judge-url</c>); a second run of the same command asks the judge nothing.
/// </summary>
public sealed class EvalJudgeModelTests(ModelCommandsTests.TinyModelFolder model) : IClassFixture<ModelCommandsTests.TinyModelFolder>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-eval-judge-").FullName;

    private (string Data, string Responses) WriteInfoBench()
    {
        string data = Path.Combine(_dir, "infobench");
        Directory.CreateDirectory(data);
        File.WriteAllLines(Path.Combine(data, "infobench.jsonl"),
        [
            JsonSerializer.Serialize(new { id = "user_oriented_task_1", input = "", instruction = "Say hi.", decomposed_questions = new[] { "Is it a greeting?", "Is it short?" }, subset = "Easy_set" }),
            JsonSerializer.Serialize(new { id = "domain_oriented_task_2", input = "x", instruction = "Count.", decomposed_questions = new[] { "Is it a number?" }, subset = "Hard_set" }),
        ]);
        string responses = Path.Combine(_dir, "responses.jsonl");
        File.WriteAllLines(responses,
        [
            JsonSerializer.Serialize(new { id = "user_oriented_task_1", output = "Hi!" }),
            JsonSerializer.Serialize(new { id = "domain_oriented_task_2", output = "3" }),
        ]);
        return (data, responses);
    }

    private static List<JsonElement> Lines(string path) => [.. File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    [Fact]
    public void A_local_judge_and_the_same_model_over_http_give_the_same_replies_and_a_rerun_asks_nothing()
    {
        Assert.Equal(0, model.InitResult.ExitCode);
        var (data, responses) = WriteInfoBench();
        string local = Path.Combine(_dir, "local");
        string[] common = ["eval", "infobench", "--data", data, "--responses", responses, "--judge-max-tokens", "6"];
        var first = RaifProcess.Run(null, [.. common, "--output-dir", local, "--judge", model.Folder, "--judge-template", "qwen"]);
        Assert.True(first.ExitCode == 0, first.StdErr);
        var replies = Lines(Path.Combine(local, "judgments.jsonl"));
        var items = Lines(Path.Combine(local, "items.jsonl"));
        // One reply per verdict recorded (an unparseable reply ends its item).
        Assert.Equal(items.Sum(i => i.GetProperty("eval").GetArrayLength()), replies.Count);
        Assert.Contains($"{replies.Count} judge calls", first.StdOut);
        Assert.All(replies, r => Assert.NotEmpty(r.GetProperty("reply").GetString()!));

        var again = RaifProcess.Run(null, [.. common, "--output-dir", local, "--judge", model.Folder, "--judge-template", "qwen"]);
        Assert.True(again.ExitCode == 0, again.StdErr);
        Assert.Contains("0 judge calls", again.StdOut);
        Assert.Equal(replies.Count, File.ReadAllLines(Path.Combine(local, "judgments.jsonl")).Length);

        using var serve = ServeProcess.Start("--model", model.Folder, "--served-model-name", "judge", "--chat-template", "qwen", "--port", "0", "--no-language-warm-up");
        string http = Path.Combine(_dir, "http");
        var viaHttp = RaifProcess.Run(null, [.. common, "--output-dir", http, "--judge-url", serve.Url + "v1", "--judge-model", "judge"]);
        Assert.True(viaHttp.ExitCode == 0, viaHttp.StdErr + serve.StdErr);
        // Greedy decoding of the same model with the same template: the same replies, in the same places.
        Assert.Equal(
            replies.Select(r => r.GetRawText()).Order(StringComparer.Ordinal),
            Lines(Path.Combine(http, "judgments.jsonl")).Select(r => r.GetRawText()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FbBench_asks_raif_serve_for_json_only_when_the_server_can_give_it()
    {
        Assert.Equal(0, model.InitResult.ExitCode);
        string data = Path.Combine(_dir, "fbbench");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "fb_bench_dataset_v3.json"), JsonSerializer.Serialize(new object[]
        {
            new { bench_type = "Response Maintenance", task_type = "Coding", user_query = "q", origin_first_response = "a", feedback = "Are you sure?", error_type = (string[]?)null, feedback_type = new[] { "Simple Questioning" }, checklist = new object[] { "keeps the answer" } },
        }));
        string prompt = Path.Combine(_dir, "fbbench_prompt.txt");
        File.WriteAllText(prompt, "{second_response}|{checklist_judgement}");
        string responses = Path.Combine(_dir, "fb_responses.jsonl");
        File.WriteAllText(responses, JsonSerializer.Serialize(new { id = 0, response = "yes" }) + "\n");
        using var serve = ServeProcess.Start("--model", model.Folder, "--served-model-name", "judge", "--chat-template", "qwen", "--port", "0", "--no-language-warm-up");
        string[] common = ["eval", "fbbench", "--data", data, "--responses", responses, "--judge-prompt", prompt, "--judge-url", serve.Url + "v1", "--judge-model", "judge", "--judge-max-tokens", "4", "--judge-retries", "0"];

        // FB-Bench's official script asks for a JSON object; raif serve has no structured output and says so: a
        // clear error, no stack trace.
        var refused = RaifProcess.Run(null, [.. common, "--output-dir", Path.Combine(_dir, "refused")]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("response_format", refused.StdErr);
        Assert.DoesNotContain("   at ", refused.StdErr);

        string output = Path.Combine(_dir, "plain");
        var plain = RaifProcess.Run(null, [.. common, "--output-dir", output, "--judge-no-json-format"]);
        Assert.True(plain.ExitCode == 0, plain.StdErr + serve.StdErr);
        // The random judge's four tokens are not JSON: upstream asks 10 times per try, 3 tries, then gives up on the
        // item; every attempt is logged.
        Assert.Equal(3 * 10, File.ReadAllLines(Path.Combine(output, "judgments.jsonl")).Length);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
