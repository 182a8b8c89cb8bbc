using Raif.Server.Inference;
using Raif.Server.Rewards;

namespace Raif.Server.Hosting;

/// <summary>What the endpoints share: options, the served models, the model worker and the reward service.</summary>
internal sealed class ServerContext(ServerOptions options, IReadOnlyList<ServedModel> models, ModelWorker? worker, RewardService rewards)
{
    private readonly Dictionary<string, ServedModel> _byId = models.ToDictionary(m => m.Id, StringComparer.Ordinal);

    public ServerOptions Options { get; } = options;

    public IReadOnlyList<ServedModel> Models { get; } = models;

    public RewardService Rewards { get; } = rewards;

    /// <summary>The worker; 404 (no model served) when the server runs for rewards only.</summary>
    public ModelWorker? WorkerOrNull => worker;

    public ModelWorker Worker => worker ?? throw new ApiException(404, "this server runs without a model (rewards only): there is no model to run");

    /// <summary>The model a request names; 404 for an unknown id. Without a name, the only model served.</summary>
    public ServedModel Resolve(string? id)
    {
        if (id is null)
        {
            if (Models.Count == 1)
                return Models[0];
            throw Models.Count == 0
                ? new ApiException(404, "this server runs without a model (rewards only)", "model", "model_not_found")
                : ApiException.BadRequest($"'model' is required: this server has {string.Join(", ", _byId.Keys)}", "model");
        }
        return _byId.TryGetValue(id, out var model)
            ? model
            : throw new ApiException(404, $"the model '{id}' does not exist; this server has: {(Models.Count == 0 ? "none (rewards only)" : string.Join(", ", _byId.Keys))}", "model", "model_not_found");
    }

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N");
}
