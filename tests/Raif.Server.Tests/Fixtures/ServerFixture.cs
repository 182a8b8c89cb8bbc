using System.ClientModel;
using OpenAI;
using Raif.Modeling;
using Raif.Server.Hosting;
using Raif.Server.Inference;
using Raif.TestSupport;

namespace Raif.Server.Tests.Fixtures;

/// <summary>
/// One tiny model, loaded once, and a server on 127.0.0.1 (port 0) serving it as "tiny". Tests that need other
/// options start their own server on the same model; all of them are in one collection, so no two servers run
/// the (not thread-safe) model at once.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string ModelId = "tiny";

    public LanguageModel Model { get; private set; } = null!;

    public ServedModel Served { get; private set; } = null!;

    public RaifServer Server { get; private set; } = null!;

    public Uri BaseAddress => Server.BaseAddress;

    public async Task InitializeAsync()
    {
        Model = TinyModel.Load(seed: 3);
        Served = new ServedModel(ModelId, Model);
        Server = await StartAsync(new ServerOptions { Port = 0 });
    }

    /// <summary>Starts another server on the same model (the caller disposes it).</summary>
    public async Task<RaifServer> StartAsync(ServerOptions options, bool withModel = true)
    {
        var server = RaifServer.Create(options, withModel ? [Served] : []);
        await server.StartAsync();
        return server;
    }

    /// <summary>The official OpenAI client for a server.</summary>
    public static OpenAIClient Client(RaifServer server, string? apiKey = null) =>
        new(new ApiKeyCredential(apiKey ?? "unused"), new OpenAIClientOptions { Endpoint = new Uri(server.BaseAddress, "v1") });

    public OpenAIClient Client() => Client(Server);

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Model.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "tiny model server";
}
