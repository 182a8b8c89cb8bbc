using Microsoft.Extensions.AI;
using Raif.Cli.Commands.Eval;
using Raif.Core.Judging;
using Raif.Data.Pipeline;
using Raif.Modeling;
using Raif.Modeling.Judging;

namespace Raif.Cli.Commands.Data;

/// <summary>
/// The pipeline's models as the CLI provides them: servers through <see cref="RemoteModelProvider"/>, local model
/// folders (<c>model_dir</c>) loaded here (Raif.Data does not depend on the runtime). A folder used twice is loaded
/// once; loaded models are disposed with the provider, as are the server clients.
/// </summary>
internal sealed class CliModelProvider : RemoteModelProvider
{
    private readonly Dictionary<string, LanguageModel> _loaded = new(StringComparer.Ordinal);

    public override Task<IChatClient> ChatAsync(ModelSettings settings, CancellationToken cancellationToken)
    {
        if (settings.ModelDir is not { } dir)
            return base.ChatAsync(settings, cancellationToken);
        var model = Load(dir);
        return Task.FromResult<IChatClient>(new LocalModelChatClient(model, model.RequireChatTemplate()));
    }

    public override Task<IJudge> JudgeAsync(ModelSettings settings, CancellationToken cancellationToken) =>
        settings.ModelDir is { } dir ? Task.FromResult<IJudge>(new LocalModelJudge(Load(dir))) : base.JudgeAsync(settings, cancellationToken);

    private LanguageModel Load(string dir)
    {
        lock (_loaded)
        {
            if (!_loaded.TryGetValue(dir, out var model))
                _loaded[dir] = model = LanguageModel.Load(dir);
            return model;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var model in _loaded.Values)
                model.Dispose();
            _loaded.Clear();
        }
        base.Dispose(disposing);
    }
}
