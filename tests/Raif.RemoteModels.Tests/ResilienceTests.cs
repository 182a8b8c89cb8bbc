using System.ClientModel;
using Polly.Timeout;
using Raif.Core.Templates;
using Raif.RemoteModels.Tests.Fixtures;
using Raif.Rewards;

namespace Raif.RemoteModels.Tests;

/// <summary>Timeouts, retries, and what a judge that keeps failing does to the reward.</summary>
public class ResilienceTests
{
    private const string Echo = """{"usage": {"prompt_tokens": 3}, "choices": [{"logprobs": {"token_logprobs": [null, -1.5, -2.0, -9.0]}}]}""";

    // Each attempt gets 30 s: a cold first request on a loaded CI machine can take seconds, and a timed-out answer
    // would be retried and miscount the calls. Only the hanging-server test needs a shorter timeout, and even there
    // each attempt must outlast a slow connect on a loaded machine, or the server never sees the last attempt
    // (500 ms once counted 2 calls of 3 in CI).
    private static readonly RetryPolicy Quick = new(TimeSpan.FromSeconds(30), MaxRetries: 2, RetryDelay: TimeSpan.FromMilliseconds(10));

    private static readonly RetryPolicy QuickTimeout = Quick with { AttemptTimeout = TimeSpan.FromSeconds(3) };

    private static PromptLogProbClient Client(StubServer stub, RetryPolicy? retry = null) =>
        new(new OpenAiEndpoint(stub.BaseAddress.ToString()), "m", retry ?? Quick);

    [Fact]
    public async Task A_503_is_retried_and_the_prompt_part_of_the_echo_is_read_by_usage()
    {
        await using var stub = await StubServer.StartAsync(StubServer.Status(503), StubServer.Json(Echo));
        var scored = await Client(stub).ScoreAsync("abc");
        Assert.Equal(2, stub.Calls);
        Assert.Equal(3, scored.PromptTokens);
        Assert.Equal([null, -1.5, -2.0], scored.TokenLogProbs); // the generated token after the prompt is not part of it
    }

    [Fact]
    public async Task A_400_fails_at_once_and_a_hanging_server_times_out_after_the_retries()
    {
        await using var refusing = await StubServer.StartAsync(StubServer.Status(400));
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client(refusing).ScoreAsync("abc"));
        Assert.Equal(400, error.Status);
        Assert.Equal(1, refusing.Calls);

        await using var hanging = await StubServer.StartAsync(StubServer.Hang);
        await Assert.ThrowsAsync<TimeoutRejectedException>(() => Client(hanging, QuickTimeout).ScoreAsync("abc"));
        Assert.Equal(3, hanging.Calls);
    }

    [Fact]
    public async Task An_answer_without_prompt_log_probs_is_an_error_not_a_score()
    {
        await using var stub = await StubServer.StartAsync(StubServer.Json("""{"usage": {"prompt_tokens": 3}, "choices": [{"text": "x", "logprobs": null}]}"""));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Client(stub).ScoreAsync("abc"));
        Assert.Contains("token_logprobs", error.Message);
    }

    [Fact]
    public async Task A_failing_judge_makes_each_complex_sample_an_error_and_leaves_the_others_scored()
    {
        await using var broken = await StubServer.StartAsync(StubServer.Status(500));
        var judge = new HttpJudge(new OpenAiEndpoint(broken.BaseAddress.ToString()), "m", new HttpJudgeOptions { Template = ChatTemplates.Qwen, Retry = Quick });
        string prompt = ChatTemplates.Qwen.RenderPrompt(CotTrigger.SystemPrompt(null), "Write a greeting.");
        RewardInput[] inputs =
        [
            new(prompt, "plan</think><answer>Hello</answer><|im_end|>", """{"scoring_questions": ["Is it a greeting?"]}""", "complex"),
            new(prompt, "plan</think><answer>Hello world</answer><|im_end|>", """{"instruction_id_list": ["punctuation:no_comma"], "kwargs": [{}]}""", "ifeval"),
            new(prompt, "plan</think><answer>Hi</answer><|im_end|>", """{"scoring_questions": ["Is it short?"]}""", "complex"),
        ];
        var results = await new RewardCalculator(judge: judge).ScoreBatchAsync(inputs);
        Assert.Contains("failed", results[0].Error);
        Assert.Contains("500", results[0].Error);
        Assert.True(double.IsNaN(results[0].Total));
        Assert.Null(results[1].Error);
        Assert.Equal(3.0, results[1].Total);
        Assert.NotNull(results[2].Error);
        Assert.Equal(6, broken.Calls); // two continuations to count, each tried three times; nothing was scored
    }

    [Fact]
    public void Endpoints_get_v1_when_given_a_bare_host_and_reject_other_schemes()
    {
        Assert.Equal("http://localhost:8000/v1/", new OpenAiEndpoint("http://localhost:8000").BaseUrl.ToString());
        Assert.Equal("http://h:1/v1/", new OpenAiEndpoint("http://h:1/v1").BaseUrl.ToString());
        Assert.Equal("http://h:1/openai/v1/", new OpenAiEndpoint("http://h:1/openai/v1/").BaseUrl.ToString());
        Assert.Throws<ArgumentException>(() => new OpenAiEndpoint("ftp://h/v1"));
        Assert.Throws<ArgumentException>(() => new OpenAiEndpoint("not a url"));
    }
}
