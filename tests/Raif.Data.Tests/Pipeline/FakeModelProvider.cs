using Microsoft.Extensions.AI;
using Raif.Core.Judging;
using Raif.Data.Pipeline;
using Raif.Data.Tests.Models;

namespace Raif.Data.Tests.Pipeline;

/// <summary>Hands each stage the fake chat client registered for its model table's <c>url</c>; judges are not needed here.</summary>
internal sealed class FakeModelProvider(IReadOnlyDictionary<string, FakeChatClient> clients) : IModelProvider
{
    public Task<IChatClient> ChatAsync(ModelSettings settings, CancellationToken cancellationToken) =>
        Task.FromResult<IChatClient>(clients.TryGetValue(settings.Url ?? "", out var client) ? client : throw new InvalidOperationException($"no fake model at {settings.Url}"));

    public Task<IJudge> JudgeAsync(ModelSettings settings, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("these pipelines use no log-prob judge");
}
