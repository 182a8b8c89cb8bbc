using System.ClientModel;
using System.Text.Json;
using OpenAI.Chat;
using Raif.Server.Hosting;
using Raif.Server.Tests.Fixtures;

namespace Raif.Server.Tests;

/// <summary>What the server refuses, with which status, and that the message says why.</summary>
[Collection(ServerCollection.Name)]
public class ErrorTests(ServerFixture fixture)
{
    private static string Message(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("message").GetString()!;

    [Fact]
    public async Task Malformed_json_and_wrong_fields_are_400_with_a_message_naming_the_problem()
    {
        var (status, body) = await Http.PostRawAsync(fixture.BaseAddress, "v1/chat/completions", "{\"model\": \"tiny\", \"messages\": [");
        Assert.Equal(400, status);
        Assert.Contains("malformed JSON", Message(body));

        (status, body) = await Http.PostRawAsync(fixture.BaseAddress, "v1/chat/completions",
            """{"model": "tiny", "messages": [{"role": "user", "content": "hi"}], "temperature": "hot"}""");
        Assert.Equal(400, status);
        Assert.Contains("'temperature' must be a number", Message(body));
        Assert.Equal("temperature", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("param").GetString());

        (status, body) = await Http.PostRawAsync(fixture.BaseAddress, "v1/chat/completions",
            """{"model": "tiny", "messages": [{"role": "tool", "content": "x"}]}""");
        Assert.Equal(400, status);
        Assert.Contains("messages[0].role", Message(body));

        (status, body) = await Http.PostRawAsync(fixture.BaseAddress, "v1/completions", """{"model": "tiny", "prompt": [1, 2, 99999]}""");
        Assert.Equal(400, status);
        Assert.Contains("token id in 0..258", Message(body));

        (status, body) = await Http.PostRawAsync(fixture.BaseAddress, "v1/completions", "[1, 2]");
        Assert.Equal(400, status);
        Assert.Contains("must be a JSON object", Message(body));
    }

    [Fact]
    public async Task Token_limits_are_400_with_the_limit_in_the_message()
    {
        var (status, body) = await Http.PostRawAsync(fixture.BaseAddress, "v1/completions",
            """{"model": "tiny", "prompt": "hi", "max_tokens": 100000}""");
        Assert.Equal(400, status);
        Assert.Contains("exceeds this server's limit of 4096", Message(body));

        string longPrompt = new('x', 600);
        (status, body) = await Http.PostRawAsync(fixture.BaseAddress, "v1/completions", $$"""{"model": "tiny", "prompt": "{{longPrompt}}"}""");
        Assert.Equal(400, status);
        Assert.Contains("the prompt has 600 tokens; the limit is 512", Message(body));

        (status, body) = await Http.PostRawAsync(fixture.BaseAddress, "v1/completions", """{"model": "tiny", "prompt": "hi", "max_tokens": 511}""");
        Assert.Equal(400, status);
        Assert.Contains("maximum context length is 512", Message(body));
    }

    [Fact]
    public async Task An_unknown_model_is_404_through_the_official_client()
    {
        var chat = fixture.Client().GetChatClient("no-such-model");
        var error = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(404, error.Status);
        Assert.Contains("no-such-model", error.Message);
        var (status, _) = await Http.GetRawAsync(fixture.BaseAddress, "v1/nothing-here");
        Assert.Equal(404, status);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_with_and_without_a_content_length()
    {
        await using var server = await fixture.StartAsync(new ServerOptions { Port = 0, MaxRequestBytes = 4096 });
        string big = $$"""{"model": "tiny", "prompt": "{{new string('y', 10_000)}}"}""";
        var (status, body) = await Http.PostRawAsync(server.BaseAddress, "v1/completions", big);
        Assert.Equal(413, status);
        Assert.Contains("4096", Message(body));

        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var chunked = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/completions") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var response = await http.SendAsync(request);
        Assert.Equal(413, (int)response.StatusCode);
    }

    [Fact]
    public async Task With_an_api_key_requests_without_it_are_401_and_health_stays_open()
    {
        await using var server = await fixture.StartAsync(new ServerOptions { Port = 0, ApiKey = "s3cret" });
        var wrong = ServerFixture.Client(server, "wrong").GetChatClient(ServerFixture.ModelId);
        var error = await Assert.ThrowsAsync<ClientResultException>(() => wrong.CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(401, error.Status);
        var (status, body) = await Http.PostRawAsync(server.BaseAddress, "reward", """{"query": []}""");
        Assert.Equal(401, status);
        Assert.Contains("missing API key", Message(body));

        var right = ServerFixture.Client(server, "s3cret").GetChatClient(ServerFixture.ModelId);
        var completion = (await right.CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 2 })).Value;
        Assert.True(completion.Usage.OutputTokenCount > 0);
        (status, _) = await Http.GetRawAsync(server.BaseAddress, "health");
        Assert.Equal(200, status);
    }

    [Fact]
    public void Binding_beyond_loopback_without_a_key_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => RaifServer.Create(new ServerOptions { Host = "0.0.0.0", Port = 0 }, []));
        Assert.Contains("requires an API key", error.Message);
        Assert.Throws<ArgumentException>(() => RaifServer.Create(new ServerOptions { Host = "example.org", Port = 0, ApiKey = "k" }, []));
    }

    [Fact]
    public async Task Health_and_models_list_what_is_served_and_a_rewards_only_server_has_no_model()
    {
        var (status, body) = await Http.GetRawAsync(fixture.BaseAddress, "health");
        Assert.Equal(200, status);
        Assert.Equal("ok", JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());
        var models = (await fixture.Client().GetOpenAIModelClient().GetModelsAsync()).Value;
        Assert.Equal([ServerFixture.ModelId], models.Select(m => m.Id));

        await using var rewardsOnly = await fixture.StartAsync(new ServerOptions { Port = 0 }, withModel: false);
        Assert.Empty((await ServerFixture.Client(rewardsOnly).GetOpenAIModelClient().GetModelsAsync()).Value);
        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            ServerFixture.Client(rewardsOnly).GetChatClient("tiny").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(404, error.Status);
    }
}
