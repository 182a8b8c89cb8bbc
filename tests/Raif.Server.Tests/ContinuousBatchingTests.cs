using System.Text;
using System.Text.Json;
using Raif.Server.Hosting;
using Raif.Server.Tests.Fixtures;

namespace Raif.Server.Tests;

/// <summary>
/// Continuous batching in the model worker: requests that join a running batch at different steps get what each
/// gets alone (computed in-process by the reference generator), the token budget and row limit hold requests back
/// in arrival order, identical prompts are prefilled once, and a dropped stream leaves at the next step.
/// </summary>
[Collection(ServerCollection.Name)]
public class ContinuousBatchingTests(ServerFixture fixture)
{
    private static string Body(string prompt, int maxTokens, bool stream = false, int n = 1) => JsonSerializer.Serialize(new
    {
        model = ServerFixture.ModelId,
        prompt,
        max_tokens = maxTokens,
        temperature = 0,
        ignore_eos = true,
        stream,
        n,
    });

    private string Expected(string prompt, int maxTokens)
    {
        var (_, output) = Reference.Greedy(fixture.Model, prompt, maxTokens, ignoreEos: true);
        Assert.Equal(maxTokens, output.TokenIds.Length);
        return Reference.Text(fixture.Model, output);
    }

    private static async Task<(string Text, int Tokens)> CompleteAsync(Uri server, string prompt, int maxTokens)
    {
        var (status, answer) = await Http.PostRawAsync(server, "v1/completions", Body(prompt, maxTokens));
        Assert.True(status == 200, answer);
        var root = JsonDocument.Parse(answer).RootElement;
        return (root.GetProperty("choices")[0].GetProperty("text").GetString()!, root.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    private static async Task<JsonElement> HealthAsync(Uri server) =>
        JsonDocument.Parse((await Http.GetRawAsync(server, "health")).Body).RootElement.GetProperty("worker");

    /// <summary>A stream whose first events have been read; the rest is read by <see cref="RestAsync"/> or dropped.</summary>
    private sealed class OpenStream(HttpClient http, HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        public StringBuilder Text { get; } = new();

        public static async Task<OpenStream> StartAsync(Uri server, string body, int events)
        {
            var http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = server };
            var request = new HttpRequestMessage(HttpMethod.Post, "v1/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var stream = new OpenStream(http, response, new StreamReader(await response.Content.ReadAsStreamAsync()));
            int read = 0;
            while (read < events && await stream.NextAsync())
                read++;
            Assert.Equal(events, read);
            return stream;
        }

        public async Task<bool> NextAsync()
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal))
                    continue;
                string data = line["data: ".Length..];
                if (data == "[DONE]")
                    return false;
                foreach (var choice in JsonDocument.Parse(data).RootElement.GetProperty("choices").EnumerateArray())
                    Text.Append(choice.GetProperty("text").GetString());
                return true;
            }
            return false;
        }

        public async Task<string> RestAsync()
        {
            while (await NextAsync())
            {
            }
            return Text.ToString();
        }

        public void Dispose()
        {
            reader.Dispose();
            response.Dispose();
            http.Dispose();
        }
    }

    [Theory]
    [InlineData(BatchingMode.Continuous)]
    [InlineData(BatchingMode.Round)]
    public async Task Requests_joining_a_running_batch_at_different_steps_get_what_they_get_alone(BatchingMode batching)
    {
        await using var server = await fixture.StartAsync(new ServerOptions { Port = 0, Batching = batching });
        string[] prompts = ["Once upon a time", "hi", "The colour of the sky is", "hi"];
        int[] budgets = [400, 30, 7, 25];

        using var first = await OpenStream.StartAsync(server.BaseAddress, Body(prompts[0], budgets[0], stream: true), events: 3);
        var second = await CompleteAsync(server.BaseAddress, prompts[1], budgets[1]);
        var others = await Task.WhenAll(CompleteAsync(server.BaseAddress, prompts[2], budgets[2]), CompleteAsync(server.BaseAddress, prompts[3], budgets[3]));
        string firstText = await first.RestAsync();

        Assert.Equal(Expected(prompts[0], budgets[0]), firstText);
        Assert.Equal((Expected(prompts[1], budgets[1]), budgets[1]), second);
        Assert.Equal((Expected(prompts[2], budgets[2]), budgets[2]), others[0]);
        Assert.Equal((Expected(prompts[3], budgets[3]), budgets[3]), others[1]);
        var health = await HealthAsync(server.BaseAddress);
        Assert.Equal(batching == BatchingMode.Round ? "round" : "continuous", health.GetProperty("batching").GetString());
        if (batching == BatchingMode.Continuous)
        {
            // The later requests joined the first one's batch while it ran (a round batch would have made them wait).
            Assert.True(server.Worker!.LargestBatch >= 2, $"largest batch {server.Worker.LargestBatch}");
            Assert.True(server.Worker.GenerationBatches >= 3, $"joins {server.Worker.GenerationBatches}");
        }
    }

    [Fact]
    public async Task The_choices_of_one_prompt_are_prefilled_once()
    {
        await using var server = await fixture.StartAsync(new ServerOptions { Port = 0 });
        const string prompt = "Tell me a story"; // 15 ASCII characters: 15 tokens of the byte-level tokenizer
        Assert.Equal(15, fixture.Model.Tokenizer.Encode(prompt).Length);
        var (status, answer) = await Http.PostRawAsync(server.BaseAddress, "v1/completions", Body(prompt, 9, n: 4));
        Assert.Equal(200, status);
        string expected = Expected(prompt, 9);
        Assert.All(JsonDocument.Parse(answer).RootElement.GetProperty("choices").EnumerateArray(), c => Assert.Equal(expected, c.GetProperty("text").GetString()));

        var health = await HealthAsync(server.BaseAddress);
        Assert.Equal(4 * 15, health.GetProperty("prompt_tokens").GetInt64());
        Assert.Equal(15, health.GetProperty("prefill_tokens").GetInt64());
    }

    [Fact]
    public async Task The_token_budget_holds_later_requests_back_in_order_and_a_request_over_it_still_runs_alone()
    {
        // "hello" is 5 tokens; each request reserves 5 + 40 = 45 of the 60-token budget, so they run one at a time.
        await using var server = await fixture.StartAsync(new ServerOptions { Port = 0, MaxBatchTokens = 60, BatchWindow = TimeSpan.FromMilliseconds(200) });
        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => CompleteAsync(server.BaseAddress, "hello", 40)));
        Assert.All(answers, a => Assert.Equal((Expected("hello", 40), 40), a));
        Assert.Equal(1, server.Worker!.LargestBatch);
        Assert.Equal(3, server.Worker.GenerationBatches);

        // 5 + 100 tokens: over the budget, admitted because the batch is empty.
        Assert.Equal((Expected("hello", 100), 100), await CompleteAsync(server.BaseAddress, "hello", 100));
    }

    [Fact]
    public async Task The_row_limit_holds_later_requests_back()
    {
        await using var server = await fixture.StartAsync(new ServerOptions { Port = 0, MaxBatchRows = 2, MaxChoices = 2, BatchWindow = TimeSpan.FromMilliseconds(200) });
        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => CompleteAsync(server.BaseAddress, $"request {i}", 12 + i)));
        for (int i = 0; i < 5; i++)
            Assert.Equal((Expected($"request {i}", 12 + i), 12 + i), answers[i]);
        Assert.Equal(2, server.Worker!.LargestBatch);
    }

    [Fact]
    public async Task A_dropped_stream_frees_its_row_for_the_next_request()
    {
        await using var server = await fixture.StartAsync(new ServerOptions { Port = 0, MaxBatchRows = 1, MaxChoices = 1 });
        using (await OpenStream.StartAsync(server.BaseAddress, Body("Once upon a time", 450, stream: true), events: 3))
        {
        } // dropped here, mid-stream

        var next = await CompleteAsync(server.BaseAddress, "hi", 5);
        Assert.Equal((Expected("hi", 5), 5), next);
        var health = await HealthAsync(server.BaseAddress);
        Assert.Equal(1, health.GetProperty("abandoned_rows").GetInt64());
        // The dropped row left long before its 450 tokens: fewer steps ran than it alone would have needed.
        Assert.True(health.GetProperty("decode_steps").GetInt64() < 449 + 4, $"decode steps {health.GetProperty("decode_steps")}");
    }

    [Theory]
    [InlineData(16, 54 + 4, true)] // reuse on (the default): the second computes only "one?" -> "two?"
    [InlineData(0, 54 + 54, true)] // reuse off: it computes its whole prompt
    [InlineData(16, 54 + 4, false)] // the same with the joiner's prefill in a pass of its own
    [InlineData(0, 54 + 54, false)]
    public async Task A_request_sharing_a_prompt_prefix_with_a_running_one_reuses_its_keys_and_values_unless_turned_off(int minTokens, long prefilled, bool fold)
    {
        await using var server = await fixture.StartAsync(new ServerOptions { Port = 0, PrefixReuseMinTokens = minTokens, FoldPrefill = fold });
        // 54 ASCII characters each (54 byte-level tokens); the first 50 ("The rubric: ... Question ") are shared.
        const string first = "The rubric: answer briefly and politely. Question one?";
        const string second = "The rubric: answer briefly and politely. Question two?";
        using var running = await OpenStream.StartAsync(server.BaseAddress, Body(first, 400, stream: true), events: 3);
        var answer = await CompleteAsync(server.BaseAddress, second, 20);
        Assert.Equal((Expected(second, 20), 20), answer);
        Assert.Equal(Expected(first, 400), await running.RestAsync());

        var health = await HealthAsync(server.BaseAddress);
        Assert.Equal(54 + 54, health.GetProperty("prompt_tokens").GetInt64());
        Assert.Equal(prefilled, health.GetProperty("prefill_tokens").GetInt64());
        // The worker's own clock: time was spent in steps and prefills (the first request's, into an empty batch,
        // is a pass of its own either way).
        Assert.True(health.GetProperty("step_seconds").GetDouble() > 0);
        Assert.True(health.GetProperty("prefill_seconds").GetDouble() > 0);
    }
}
