using Microsoft.Extensions.AI;
using Raif.Data.Pipeline;
using Raif.Data.Tests.Models;
using Raif.RemoteModels;

namespace Raif.Data.Tests.Pipeline;

public sealed class RemoteModelProviderTests
{
    /// <summary>The real provider with its client factory replaced by one that records what it made.</summary>
    private sealed class RecordingProvider : RemoteModelProvider
    {
        public List<(OpenAiEndpoint Endpoint, string Model, FakeChatClient Client)> Made { get; } = [];

        protected override IChatClient CreateChatClient(OpenAiEndpoint endpoint, string model)
        {
            var client = new FakeChatClient(_ => "ok");
            Made.Add((endpoint, model, client));
            return client;
        }
    }

    private static ModelSettings Server(string url, string model = "m", string? key = null) => new() { Url = url, Model = model, ApiKey = key };

    [Fact]
    public async Task Stages_asking_for_the_same_server_share_one_client_made_once()
    {
        using var provider = new RecordingProvider();
        // Settings that differ only in what the client does not hold (concurrency, max_tokens) share it; the URL's
        // spellings with and without /v1 name the same endpoint.
        var first = await provider.ChatAsync(Server("http://a:8000/v1"), CancellationToken.None);
        var second = await provider.ChatAsync(Server("http://a:8000/v1") with { Concurrency = 9, MaxTokens = 7 }, CancellationToken.None);
        var third = await provider.ChatAsync(Server("http://a:8000"), CancellationToken.None);
        Assert.Same(first, second);
        Assert.Same(first, third);
        var made = Assert.Single(provider.Made);
        Assert.Equal(new Uri("http://a:8000/v1/"), made.Endpoint.BaseUrl);
        Assert.Equal("m", made.Model);
    }

    [Fact]
    public async Task Another_server_model_or_key_gets_its_own_client()
    {
        using var provider = new RecordingProvider();
        var a = await provider.ChatAsync(Server("http://a/v1"), CancellationToken.None);
        var b = await provider.ChatAsync(Server("http://b/v1"), CancellationToken.None);
        var otherModel = await provider.ChatAsync(Server("http://a/v1", model: "n"), CancellationToken.None);
        var otherKey = await provider.ChatAsync(Server("http://a/v1", key: "secret"), CancellationToken.None);
        Assert.Equal(4, provider.Made.Count);
        Assert.Equal(4, new[] { a, b, otherModel, otherKey }.Distinct().Count());
    }

    [Fact]
    public async Task Disposing_the_provider_disposes_every_client_once_and_later_requests_fail()
    {
        var provider = new RecordingProvider();
        await provider.ChatAsync(Server("http://a/v1"), CancellationToken.None);
        await provider.ChatAsync(Server("http://a/v1"), CancellationToken.None);
        await provider.ChatAsync(Server("http://b/v1"), CancellationToken.None);
        Assert.All(provider.Made, m => Assert.Equal(0, m.Client.Disposals));

        provider.Dispose();
        provider.Dispose();
        Assert.Equal(2, provider.Made.Count);
        Assert.All(provider.Made, m => Assert.Equal(1, m.Client.Disposals));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => provider.ChatAsync(Server("http://a/v1"), CancellationToken.None));
    }
}
