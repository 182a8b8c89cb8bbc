using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;

namespace Raif.RemoteModels;

/// <summary>
/// An OpenAI-compatible server (vLLM, SGLang, <c>raif serve</c>): its base URL (<c>http://host:8000/v1</c>; a URL
/// without a path gets <c>/v1</c>) and API key. <see cref="CreateClient"/> gives the official OpenAI client for it,
/// with the client's own retries off: Raif's callers retry with Polly, so that retries and timeouts are set in one place.
/// </summary>
public sealed record OpenAiEndpoint
{
    public OpenAiEndpoint(string baseUrl, string? apiKey = null, TimeSpan? networkTimeout = null)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"'{baseUrl}' is not an http(s) URL of an OpenAI-compatible server (e.g. http://localhost:8000/v1)");
        string path = uri.AbsolutePath.TrimEnd('/');
        var builder = new UriBuilder(uri) { Path = (path.Length == 0 ? "/v1" : path) + "/", Query = "", Fragment = "" };
        BaseUrl = builder.Uri;
        ApiKey = string.IsNullOrWhiteSpace(apiKey) ? null : apiKey;
        NetworkTimeout = networkTimeout ?? TimeSpan.FromMinutes(10);
    }

    /// <summary>The API root, ending in a slash (e.g. <c>http://localhost:8000/v1/</c>).</summary>
    public Uri BaseUrl { get; }

    public string? ApiKey { get; }

    /// <summary>The transport's limit for one HTTP call; callers set tighter per-attempt timeouts themselves.</summary>
    public TimeSpan NetworkTimeout { get; }

    /// <summary>The official OpenAI client for this server, without its built-in retries.</summary>
    public OpenAIClient CreateClient() => new(
        // Servers started without a key ignore the header; the client insists on a non-empty credential.
        new ApiKeyCredential(ApiKey ?? "EMPTY"),
        new OpenAIClientOptions
        {
            Endpoint = BaseUrl,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = NetworkTimeout,
        });

    public override string ToString() => BaseUrl.ToString();
}
