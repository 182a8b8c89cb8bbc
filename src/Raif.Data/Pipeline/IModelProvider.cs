using Microsoft.Extensions.AI;
using Raif.Core.Judging;
using Raif.RemoteModels;

namespace Raif.Data.Pipeline;

/// <summary>Turns the model settings of a stage into a chat client or a judge. The provider owns what it creates.</summary>
public interface IModelProvider
{
    Task<IChatClient> ChatAsync(ModelSettings settings, CancellationToken cancellationToken);

    Task<IJudge> JudgeAsync(ModelSettings settings, CancellationToken cancellationToken);
}

/// <summary>Servers only (<c>url</c>); a <c>model_dir</c> needs a provider that can load models (the <c>raif</c> CLI has one).</summary>
public class RemoteModelProvider : IModelProvider
{
    public virtual async Task<IChatClient> ChatAsync(ModelSettings settings, CancellationToken cancellationToken)
    {
        var endpoint = Endpoint(settings);
        string model = settings.Model ?? await RemoteChatModel.FirstModelAsync(endpoint, settings.Retry, cancellationToken).ConfigureAwait(false);
        return RemoteChatModel.Create(endpoint, model);
    }

    public virtual async Task<IJudge> JudgeAsync(ModelSettings settings, CancellationToken cancellationToken)
    {
        var endpoint = Endpoint(settings);
        string model = settings.Model ?? await RemoteChatModel.FirstModelAsync(endpoint, settings.Retry, cancellationToken).ConfigureAwait(false);
        return new HttpJudge(endpoint, model, new HttpJudgeOptions
        {
            Template = Raif.Core.Templates.ChatTemplates.Get(settings.Template),
            MaxConcurrency = settings.Concurrency,
            Retry = settings.Retry,
        });
    }

    private static OpenAiEndpoint Endpoint(ModelSettings settings) =>
        settings.Url is { } url ? new OpenAiEndpoint(url, settings.ApiKey)
            : throw new ArgumentException($"model_dir {settings.ModelDir}: local models are loaded by the raif CLI; give a url here");
}
