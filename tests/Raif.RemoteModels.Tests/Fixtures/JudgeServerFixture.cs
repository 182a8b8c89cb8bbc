using Raif.Modeling;
using Raif.Server;
using Raif.Server.Hosting;
using Raif.Server.Inference;
using Raif.TestSupport;

namespace Raif.RemoteModels.Tests.Fixtures;

/// <summary>A tiny model served by an in-process <c>raif serve</c> on 127.0.0.1 (port 0), and the same model in memory.</summary>
public sealed class JudgeServerFixture : IAsyncLifetime
{
    public const string ModelId = "tiny-judge";

    public LanguageModel Model { get; private set; } = null!;

    public RaifServer Server { get; private set; } = null!;

    public OpenAiEndpoint Endpoint => new(new Uri(Server.BaseAddress, "v1").ToString());

    public async Task InitializeAsync()
    {
        Model = TinyModel.Load(seed: 9);
        Server = RaifServer.Create(new ServerOptions { Port = 0 }, [new ServedModel(ModelId, Model)]);
        await Server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Model.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class JudgeServerCollection : ICollectionFixture<JudgeServerFixture>
{
    public const string Name = "judge server";
}
