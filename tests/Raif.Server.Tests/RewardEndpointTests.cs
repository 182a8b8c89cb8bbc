using System.Text.Json;
using Raif.Core.Templates;
using Raif.Rewards;
using Raif.Server.Hosting;
using Raif.Server.Rewards;
using Raif.Server.Tests.Fixtures;

namespace Raif.Server.Tests;

/// <summary><c>POST /reward</c> (OpenRLHF's format) against <see cref="RewardCalculator"/> on the same rollouts.</summary>
[Collection(ServerCollection.Name)]
public class RewardEndpointTests(ServerFixture fixture)
{
    private static readonly string Prompt = ChatTemplates.Qwen.RenderPrompt(CotTrigger.SystemPrompt(null), "Write a greeting.");

    private const string NoComma = """{"instruction_id_list": ["punctuation:no_comma"], "kwargs": [{}]}""";
    private const string TitleAndNoComma = """{"instruction_id_list": ["detectable_format:title", "punctuation:no_comma"], "kwargs": [{}, {}], "follow_score_qwen2.5-7B-Instruct": 2}""";

    // (response, label, task the calculator should be given)
    private static readonly (string Response, string Label, string Task)[] Good =
    [
        ("plan</think><answer>Hello world</answer><|im_end|>", NoComma, "ifeval"),
        ("plan</think><answer><<Greeting>> hello, world</answer><|im_end|>", TitleAndNoComma, "ifeval"),
        ("plan</think>Hello world<|im_end|>", NoComma, "ifeval"),
        ("I add.</think><answer>It is \\boxed{42}</answer><|im_end|>", "42", "default"),
        ("I add.</think><answer>It is \\boxed{41}</answer><|im_end|>", "42", "default"),
        ("I add.</think><answer>It is \\boxed{\\frac{1}{2}}</answer><|im_end|>", """{"task": "default", "answer": "0.5"}""", "default"),
        ("plan</think>Hello world<|im_end|>", """{"task": "ifevalwoFormat", "instruction_id_list": ["punctuation:no_comma"], "kwargs": [{}]}""", "ifevalwoFormat"),
    ];

    private static async Task<JsonElement> PostAsync(Uri server, object body)
    {
        var (status, text) = await Http.PostRawAsync(server, "reward", JsonSerializer.Serialize(body));
        Assert.True(status == 200, $"{status}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static double[] Numbers(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    [Fact]
    public async Task Rewards_scores_and_logs_equal_the_calculator_for_ifeval_and_maths_labels()
    {
        var answer = await PostAsync(fixture.BaseAddress, new
        {
            query = Good.Select(g => Prompt + g.Response).ToArray(),
            prompts = Good.Select(_ => Prompt).ToArray(),
            labels = Good.Select(g => g.Label).ToArray(),
        });
        var calculator = new RewardCalculator();
        var mathsTarget = new Dictionary<int, string> { [5] = "0.5" };
        var expected = await calculator.ScoreBatchAsync([.. Good.Select((g, i) => new RewardInput(Prompt, g.Response, mathsTarget.GetValueOrDefault(i, g.Label), g.Task))]);
        Assert.All(expected, e => Assert.Null(e.Error));

        Assert.Equal(expected.Select(e => e.Total), Numbers(answer.GetProperty("rewards")));
        Assert.Equal(expected.Select(e => e.Accuracy), Numbers(answer.GetProperty("scores")));
        var logs = answer.GetProperty("extra_logs");
        Assert.Equal(expected.Select(e => e.FormatReward), Numbers(logs.GetProperty("format_reward")));
        Assert.Equal(expected.Select(e => e.AnswerReward), Numbers(logs.GetProperty("answer_reward")));
        Assert.Equal(expected.Select(e => e.Superior ? 1.0 : 0.0), Numbers(logs.GetProperty("superior")));
        Assert.Equal(expected.Select(e => (double)(e.PassCount ?? 0)), Numbers(logs.GetProperty("pass_count")));
        Assert.Equal(expected.Select(e => (double)e.N), Numbers(logs.GetProperty("n")));
        Assert.All(Numbers(logs.GetProperty("error")), e => Assert.Equal(0, e));
        Assert.All(answer.GetProperty("errors").EnumerateArray(), e => Assert.Equal(JsonValueKind.Null, e.ValueKind));
        Assert.Equal(expected.Select(e => e.Reason), answer.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));

        // Hand-checked rows of the RAIF table: all pass 3, half pass 1 + 1/2, broken format -3, maths right 3 / wrong -0.5.
        Assert.Equal([3.0, 1.5, -3.0, 3.0, -0.5, 3.0, 3.0], Numbers(answer.GetProperty("rewards")));

        // Without prompts the format analysis finds the assistant anchor itself: same rewards.
        var withoutPrompts = await PostAsync(fixture.BaseAddress, new { query = Good.Select(g => Prompt + g.Response).ToArray(), labels = Good.Select(g => g.Label).ToArray() });
        Assert.Equal(Numbers(answer.GetProperty("rewards")), Numbers(withoutPrompts.GetProperty("rewards")));
    }

    [Fact]
    public async Task A_label_naming_an_ifbench_id_is_scored_as_an_ifbench_task()
    {
        // No task field: an IFBench id beside IFEval's routes to ifbench (under ifeval the id would be unknown).
        const string Label = """{"instruction_id_list": ["punctuation:no_comma", "format:quotes"], "kwargs": [{}, {}]}""";
        const string Response = "plan</think><answer>\"Hello world\"</answer><|im_end|>";
        var answer = await PostAsync(fixture.BaseAddress, new { query = new[] { Prompt + Response }, labels = new[] { Label } });
        var expected = (await new RewardCalculator().ScoreBatchAsync([new RewardInput(Prompt, Response, Label, "ifbench")]))[0];
        Assert.Null(expected.Error);
        Assert.All(answer.GetProperty("errors").EnumerateArray(), e => Assert.Equal(JsonValueKind.Null, e.ValueKind));
        Assert.Equal([expected.Total], Numbers(answer.GetProperty("rewards")));
        Assert.Equal([(double)expected.PassCount!], Numbers(answer.GetProperty("extra_logs").GetProperty("pass_count")));
    }

    [Fact]
    public async Task A_bad_sample_gets_its_own_error_entry_and_the_batch_is_scored()
    {
        string good = Prompt + Good[0].Response;
        var answer = await PostAsync(fixture.BaseAddress, new
        {
            query = new[] { good, good, good, good, good },
            labels = new string?[]
            {
                NoComma,
                """{"instruction_id_list": ["punctuation:no_comma"], "kwargs": []}""",
                """{"task": "bogus", "instruction_id_list": []}""",
                null,
                """{"scoring_questions": ["Is it a greeting?"]}""",
            },
        });
        var rewards = Numbers(answer.GetProperty("rewards"));
        var errors = answer.GetProperty("errors").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? null : e.GetString()).ToArray();
        Assert.Equal(3.0, rewards[0]);
        Assert.Null(errors[0]);
        Assert.Contains("kwargs", errors[1]);
        Assert.Contains("unknown task 'bogus'", errors[2]);
        Assert.Contains("no label", errors[3]);
        Assert.Equal(RewardCalculator.NoJudgeError, errors[4]);
        Assert.Equal([3.0, -3.0, -3.0, -3.0, -3.0], rewards);
        Assert.Equal([1.0, 0, 0, 0, 0], Numbers(answer.GetProperty("scores")));
        Assert.Equal([0.0, 1, 1, 1, 1], Numbers(answer.GetProperty("extra_logs").GetProperty("error")));
    }

    [Fact]
    public async Task Complex_samples_are_judged_by_a_local_judge_on_the_model_worker()
    {
        var server = RaifServer.Create(new ServerOptions { Port = 0 }, [], new ServerJudge.Local(fixture.Served));
        await using var _ = server;
        await server.StartAsync();
        const string questions = """{"scoring_questions": ["Is it a greeting?", "Is it short?", "Is it in English?"]}""";
        string[] responses = ["plan</think><answer>Hello there</answer><|im_end|>", "plan</think><answer>Go away</answer><|im_end|>"];
        var answer = await PostAsync(server.BaseAddress, new { query = responses.Select(r => Prompt + r).ToArray(), labels = new[] { questions, questions } });
        var expected = await new RewardCalculator(judge: new Raif.Modeling.Judging.LocalModelJudge(fixture.Model))
            .ScoreBatchAsync([.. responses.Select(r => new RewardInput(Prompt, r, questions, "complex"))]);
        Assert.All(expected, e => Assert.Null(e.Error));
        Assert.Equal(expected.Select(e => e.Total), Numbers(answer.GetProperty("rewards")));
        Assert.Equal(expected.Select(e => (double)e.PassCount!.Value), Numbers(answer.GetProperty("extra_logs").GetProperty("pass_count")));
        Assert.Equal(fixture.Model.Name, server.JudgeName);
    }

    [Fact]
    public async Task A_malformed_reward_request_is_400_and_the_endpoint_works_without_a_model()
    {
        await using var rewardsOnly = await fixture.StartAsync(new ServerOptions { Port = 0 }, withModel: false);
        var (status, body) = await Http.PostRawAsync(rewardsOnly.BaseAddress, "reward", """{"query": ["a", "b"], "labels": ["1"]}""");
        Assert.Equal(400, status);
        Assert.Contains("'labels' has 1 entries for 2 queries", body);
        (status, body) = await Http.PostRawAsync(rewardsOnly.BaseAddress, "reward", """{"query": "a"}""");
        Assert.Equal(400, status);
        Assert.Contains("'query' must be an array of strings", body);

        var answer = await PostAsync(rewardsOnly.BaseAddress, new { query = new[] { Prompt + Good[3].Response }, labels = new[] { "42" } });
        Assert.Equal([3.0], Numbers(answer.GetProperty("rewards")));
    }

    [Fact]
    public async Task A_sample_past_its_time_limit_gets_an_error_and_the_others_are_scored()
    {
        var calculator = new RewardCalculator();
        var service = new RewardService(new ServerOptions { RewardSampleTimeLimit = TimeSpan.FromSeconds(2) }, null, async (input, cancellationToken) =>
        {
            if (input.Id == "1")
                await Task.Delay(Timeout.Infinite, cancellationToken); // a verifier that never returns
            return await calculator.ScoreAsync(input, cancellationToken);
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcomes = await service.ScoreAsync([.. Enumerable.Range(0, 3).Select(_ => new RewardSample(Prompt + Good[0].Response, Prompt, NoComma))]);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Equal(3.0, outcomes[0].Result!.Total);
        Assert.Contains("time limit of 2 s", outcomes[1].Error);
        Assert.Equal(3.0, outcomes[2].Result!.Total);
    }

    [Theory]
    [InlineData("prompt+response", "prompt", "prompt", "+response")]
    [InlineData("<pad><pad>prompt+response", "prompt", "<pad><pad>prompt", "+response")]
    [InlineData("something else", "prompt", "something else", "")]
    [InlineData("query", null, "query", "")]
    public void Queries_are_split_after_their_prompt(string query, string? prompt, string input, string output) =>
        Assert.Equal((input, output), RewardService.Split(query, prompt));
}
