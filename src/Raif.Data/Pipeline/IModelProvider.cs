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

/// <summary>
/// Servers only (<c>url</c>); a <c>model_dir</c> needs a provider that can load models (the <c>raif</c> CLI has one).
/// Chat clients are made once per server, API key and model name and kept for the provider's lifetime (the stages of a
/// pipeline that share a server share its client); disposing the provider disposes them.
/// </summary>
public class RemoteModelProvider : IModelProvider, IDisposable
{
    // Keyed by the model as configured (null: the first the server lists), so /v1/models is asked once per server.
    private readonly Dictionary<(OpenAiEndpoint Endpoint, string? Model), IChatClient> _chats = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    public virtual async Task<IChatClient> ChatAsync(ModelSettings settings, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var endpoint = Endpoint(settings);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_chats.TryGetValue((endpoint, settings.Model), out var chat))
            {
                string model = settings.Model ?? await RemoteChatModel.FirstModelAsync(endpoint, settings.Retry, cancellationToken).ConfigureAwait(false);
                _chats[(endpoint, settings.Model)] = chat = CreateChatClient(endpoint, model);
            }
            return chat;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Makes the client for <paramref name="model"/> on <paramref name="endpoint"/>; the provider owns and disposes it.</summary>
    protected virtual IChatClient CreateChatClient(OpenAiEndpoint endpoint, string model) => RemoteChatModel.Create(endpoint, model);

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

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
            return;
        _disposed = true;
        foreach (var chat in _chats.Values)
            chat.Dispose();
        _chats.Clear();
        _gate.Dispose();
    }

    private static OpenAiEndpoint Endpoint(ModelSettings settings) =>
        settings.Url is { } url ? new OpenAiEndpoint(url, settings.ApiKey)
            : throw new ArgumentException($"model_dir {settings.ModelDir}: local models are loaded by the raif CLI; give a url here");
}
