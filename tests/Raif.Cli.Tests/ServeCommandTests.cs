using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Raif.Core.Templates;
using Raif.Modeling;
using Raif.Modeling.Judging;
using Raif.Rewards;

namespace Raif.Cli.Tests;

/// <summary><c>raif serve</c> as a process, and <c>raif reward score</c> with a local judge and with a judge over HTTP.</summary>
public class ServeCommandTests(ModelCommandsTests.TinyModelFolder model) : IClassFixture<ModelCommandsTests.TinyModelFolder>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-serve-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string Prompt = ChatTemplates.Qwen.RenderPrompt(CotTrigger.SystemPrompt(), "Write a greeting.");
    private const string Questions = """{"scoring_questions": ["Is it a greeting?", "Is it short?"]}""";

    private string Rollouts()
    {
        string path = Path.Combine(_dir, "rollouts.jsonl");
        File.WriteAllLines(path,
        [
            JsonSerializer.Serialize(new { id = "c1", input = Prompt, output = "plan</think><answer>Hello there</answer>", target = Questions, task = "complex" }),
            JsonSerializer.Serialize(new { id = "i1", input = Prompt, output = "plan</think><answer>Hello world</answer>", target = """{"instruction_id_list": ["punctuation:no_comma"], "kwargs": [{}]}""", task = "ifeval" }),
            JsonSerializer.Serialize(new { id = "c2", input = Prompt, output = "plan</think><answer>Go away, now</answer>", target = Questions, task = "complex" }),
        ]);
        return path;
    }

    private static List<JsonElement> Read(string path) => [.. File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    [Fact]
    public async Task Reward_score_with_a_local_judge_scores_complex_lines_as_the_library_does()
    {
        Assert.Equal(0, model.InitResult.ExitCode);
        string output = Path.Combine(_dir, "local.jsonl");
        var result = RaifProcess.Run(null, "reward", "score", "-i", Rollouts(), "-o", output, "--judge", model.Folder);
        Assert.True(result.ExitCode == 0, result.StdErr);
        var lines = Read(output);
        Assert.Equal(3, lines.Count);

        using var judgeModel = LanguageModel.Load(model.Folder);
        var expected = await new RewardCalculator(judge: new LocalModelJudge(judgeModel)).ScoreBatchAsync(
            [.. Read(Rollouts()).Select(r => new RewardInput(r.GetProperty("input").GetString()!, r.GetProperty("output").GetString()!, r.GetProperty("target").GetString()!, r.GetProperty("task").GetString()))]);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i].Total, lines[i].GetProperty("total").GetDouble());
            Assert.Equal(expected[i].PassCount, lines[i].GetProperty("pass_count").GetInt32());
        }
        Assert.Contains("complex:", lines[0].GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(16, 15)]
    public void Serve_leaves_one_core_to_the_http_side_unless_there_is_only_one(int cores, int expected) =>
        Assert.Equal(expected, Commands.ServeCommand.DefaultThreads(cores));

    [Fact]
    public void The_http_judge_through_raif_serve_gives_the_local_judges_rewards()
    {
        using var serve = ServeProcess.Start("--model", model.Folder, "--served-model-name", "judge", "--port", "0", "--no-language-warm-up");
        // No --threads: libtorch gets every core but one (at least one), the rest is left to the HTTP side.
        Assert.EndsWith($"libtorch threads: {(Environment.ProcessorCount > 1 ? Environment.ProcessorCount - 1 : 1)})", serve.Banner);
        string viaHttp = Path.Combine(_dir, "http.jsonl"), viaLocal = Path.Combine(_dir, "local.jsonl");
        var http = RaifProcess.Run(null, "reward", "score", "-i", Rollouts(), "-o", viaHttp, "--judge-url", serve.Url + "v1", "--judge-template", "qwen");
        Assert.True(http.ExitCode == 0, http.StdErr);
        Assert.Contains("judge: judge at", http.StdErr); // the IChatClient probe answered
        var local = RaifProcess.Run(null, "reward", "score", "-i", Rollouts(), "-o", viaLocal, "--judge", model.Folder);
        Assert.Equal(0, local.ExitCode);
        Assert.Equal(Read(viaLocal).Select(l => l.GetProperty("total").GetDouble()), Read(viaHttp).Select(l => l.GetProperty("total").GetDouble()));
        Assert.Equal(Read(viaLocal).Select(l => l.GetProperty("follow_list").ToString()), Read(viaHttp).Select(l => l.GetProperty("follow_list").ToString()));
    }

    [Fact]
    public async Task A_rewards_only_server_answers_reward_requests_and_refuses_an_open_bind_without_a_key()
    {
        using (var serve = ServeProcess.Start("--rewards-only", "--port", "0", "--no-language-warm-up"))
        {
            Assert.Contains("models: none, rewards only", serve.Banner);
            Assert.DoesNotContain("libtorch", serve.Banner); // no local model: libtorch is not loaded
            using var http = new HttpClient { BaseAddress = serve.Url };
            var response = await http.PostAsync("reward", new StringContent(JsonSerializer.Serialize(new
            {
                query = new[] { Prompt + "plan</think><answer>Hello world</answer><|im_end|>" },
                labels = new[] { """{"instruction_id_list": ["punctuation:no_comma"], "kwargs": [{}]}""" },
            }), Encoding.UTF8, "application/json"));
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(3.0, answer.GetProperty("rewards")[0].GetDouble());
        }
        var refused = RaifProcess.Run(null, "serve", "--rewards-only", "--host", "0.0.0.0", "--port", "0");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("requires an API key", refused.StdErr);
        var both = RaifProcess.Run(null, "reward", "score", "-i", Rollouts(), "-o", Path.Combine(_dir, "x.jsonl"), "--judge", model.Folder, "--judge-url", "http://127.0.0.1:1/v1");
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("exclude each other", both.StdErr);
    }
}
