using Raif.Core.Templates;
using Raif.RemoteModels;

namespace Raif.Data.Pipeline;

/// <summary>
/// A model a stage talks to: an OpenAI-compatible server (<c>url</c>, optional <c>model</c> name and API key from the
/// environment variable <c>api_key_env</c>) or a local model folder (<c>model_dir</c>, loaded by the <c>raif</c> CLI),
/// with the request limits of the stage.
/// </summary>
public sealed record ModelSettings
{
    public string? Url { get; init; }

    public string? Model { get; init; }

    public string? ModelDir { get; init; }

    public string? ApiKey { get; init; }

    /// <summary>Chat template a judge renders with (HTTP judges; local ones use their own).</summary>
    public string Template { get; init; } = "qwen";

    public int Concurrency { get; init; } = 4;

    public int MaxTokens { get; init; } = 2048;

    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>Reads a model table (<c>[export.no_cot_score]</c> etc.); exactly one of url and model_dir.</summary>
    public static ModelSettings Read(ConfigSection section, int defaultMaxTokens)
    {
        string? url = section.String("url");
        string? dir = section.PathValue("model_dir");
        if ((url is null) == (dir is null))
            throw section.Error(url is null ? "url" : "model_dir", "give exactly one of url (an OpenAI-compatible server) and model_dir (a local model folder)");
        string? keyVariable = section.String("api_key_env");
        string? key = keyVariable is null ? null : Environment.GetEnvironmentVariable(keyVariable)
            ?? throw section.Error("api_key_env", $"environment variable {keyVariable} is not set");
        double timeout = section.Double("timeout", 600, min: 1);
        int retries = section.Int("retries", 3, 0, 100);
        var settings = new ModelSettings
        {
            Url = url,
            ModelDir = dir,
            Model = section.String("model"),
            ApiKey = key,
            Template = section.Choice("template", "qwen", [.. ChatTemplates.Names]),
            Concurrency = section.Int("concurrency", 4, 1, 1024),
            MaxTokens = section.Int("max_tokens", defaultMaxTokens, 1, 1 << 20),
            Retry = new RetryPolicy(TimeSpan.FromSeconds(timeout), retries),
        };
        return settings;
    }

    /// <summary>A name for reports and fingerprints: the URL (and model) or the folder.</summary>
    public string Describe() => ModelDir ?? (Model is null ? Url! : $"{Model} at {Url}");
}
