using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Raif.Core.Judging;
using Raif.Modeling.Judging;
using Raif.Server.Hosting;
using Raif.Server.Inference;
using Raif.Server.Json;
using Raif.Server.OpenAi;
using Raif.Server.Rewards;

namespace Raif.Server;

/// <summary>
/// <c>raif serve</c> as a library: OpenAI-compatible inference for local models (<c>/v1/models</c>,
/// <c>/v1/chat/completions</c>, <c>/v1/completions</c>), the RAIF reward for external RL engines (<c>/reward</c>) and
/// <c>/health</c>, on Kestrel. Runs without models for rewards only. The caller owns the models and disposes them
/// after the server.
/// </summary>
public sealed class RaifServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ModelWorker? _worker;

    private RaifServer(WebApplication app, ModelWorker? worker, ServerContext context)
    {
        _app = app;
        _worker = worker;
        Context = context;
    }

    internal ServerContext Context { get; }

    /// <summary>The ids of the served models (the judge's included when it is a local model).</summary>
    public IReadOnlyList<string> ModelIds => [.. Context.Models.Select(m => m.Id)];

    /// <summary>The judge complex tasks go to, or null when none is configured.</summary>
    public string? JudgeName => Context.Rewards.JudgeName;

    /// <summary>The model worker (null without models); for tests that check batching.</summary>
    internal ModelWorker? Worker => _worker;

    /// <summary>The addresses Kestrel listens on (with the real port when 0 was asked for); valid after start.</summary>
    public IReadOnlyList<Uri> Addresses =>
        [.. (_app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            .Select(a => new Uri(a))];

    /// <summary>The first listening address, e.g. <c>http://127.0.0.1:8000/</c>.</summary>
    public Uri BaseAddress => Addresses.FirstOrDefault() ?? throw new InvalidOperationException("the server is not started");

    /// <summary>
    /// Builds the server. <paramref name="judge"/> scores complex tasks in <c>/reward</c> (without one, they get an
    /// error each). <paramref name="logging"/> configures logging; by default nothing is logged (libraries never print).
    /// </summary>
    public static RaifServer Create(
        ServerOptions options,
        IReadOnlyList<ServedModel> models,
        ServerJudge? judge = null,
        Action<ILoggingBuilder>? logging = null)
    {
        options.Validate();
        if (!ListenAddress.IsLoopback(options.Host) && options.ApiKey is null)
            throw new ArgumentException($"binding to '{options.Host}' (not loopback) requires an API key (--api-key)");
        var all = models.ToList();
        if (judge is ServerJudge.Local local && !all.Any(m => ReferenceEquals(m, local.Model)))
            all.Add(local.Model);
        var duplicate = all.GroupBy(m => m.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"two served models are called '{duplicate.Key}'; give them different names");

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "raif-serve" });
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes;
            kestrel.AddServerHeader = false;
            var address = ListenAddress.Parse(options.Host);
            if (address is null)
                kestrel.ListenLocalhost(options.Port);
            else
                kestrel.Listen(address, options.Port);
        });
        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Raif.Server");

        // The local judge is built first: its template check may throw, and then no worker thread is left behind.
        var localJudge = judge is ServerJudge.Local l ? new LocalModelJudge(l.Model.Model, l.Options, l.Model.ChatTemplate) : null;
        var worker = all.Count > 0 ? new ModelWorker(options, logger) : null;
        IJudge? judgeImpl = judge switch
        {
            ServerJudge.Local l2 => new WorkerJudge(worker!, l2.Model, localJudge!),
            ServerJudge.Remote r => r.Judge,
            _ => null,
        };
        var context = new ServerContext(options, all, worker, new RewardService(options, judgeImpl) { JudgeName = judgeImpl?.Name });
        var key = options.ApiKey is null ? null : Encoding.UTF8.GetBytes(options.ApiKey);
        app.Use(async (http, next) =>
        {
            try
            {
                if (key is not null)
                    ApiKeyCheck.Require(http, key);
                await next(http).ConfigureAwait(false);
            }
            catch (Exception e) when (Handle(e, http, logger) is { } error)
            {
                await WriteErrorAsync(http, error, logger).ConfigureAwait(false);
            }
        });
        Map(app, context);
        return new RaifServer(app, worker, context);
    }

    private static void Map(WebApplication app, ServerContext context)
    {
        app.MapGet("/health", (HttpContext http) => JsonResponse.WriteAsync(http, 200, json =>
        {
            json.WriteStartObject();
            json.WriteString("status", "ok");
            json.WriteStartArray("models");
            foreach (var m in context.Models)
                json.WriteStringValue(m.Id);
            json.WriteEndArray();
            json.WriteBoolean("rewards", true);
            if (context.WorkerOrNull is { } w)
            {
                json.WriteStartObject("worker");
                json.WriteString("batching", w.Batching == BatchingMode.Round ? "round" : "continuous");
                json.WriteNumber("generation_batches", w.GenerationBatches);
                json.WriteNumber("largest_batch", w.LargestBatch);
                json.WriteNumber("abandoned_rows", w.AbandonedRows);
                json.WriteNumber("decode_steps", w.Counters.DecodeSteps);
                json.WriteNumber("prompt_tokens", w.Counters.PromptTokens);
                json.WriteNumber("prefill_tokens", w.Counters.PrefillTokens);
                json.WriteNumber("step_seconds", Math.Round(w.Counters.StepSeconds, 3));
                json.WriteNumber("prefill_seconds", Math.Round(w.Counters.PrefillSeconds, 3));
                json.WriteEndObject();
            }
            if (context.Rewards.JudgeName is { } judge)
                json.WriteString("judge", judge);
            else
                json.WriteNull("judge");
            json.WriteEndObject();
        }));
        app.MapGet("/v1/models", (HttpContext http) => JsonResponse.WriteAsync(http, 200, json => WriteModels(json, context.Models)));
        app.MapGet("/v1/models/{id}", (HttpContext http, string id) =>
        {
            var model = context.Resolve(id);
            return JsonResponse.WriteAsync(http, 200, json => WriteModel(json, model));
        });
        app.MapPost("/v1/chat/completions", (HttpContext http) => ChatCompletionsEndpoint.HandleAsync(http, context));
        app.MapPost("/v1/completions", (HttpContext http) => CompletionsEndpoint.HandleAsync(http, context));
        app.MapPost("/reward", (HttpContext http) => RewardEndpoint.HandleAsync(http, context));
        app.MapFallback((HttpContext http) => throw new ApiException(404, $"no route {http.Request.Method} {http.Request.Path}"));
    }

    private static void WriteModels(System.Text.Json.Utf8JsonWriter json, IReadOnlyList<ServedModel> models)
    {
        json.WriteStartObject();
        json.WriteString("object", "list");
        json.WriteStartArray("data");
        foreach (var m in models)
            WriteModel(json, m);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteModel(System.Text.Json.Utf8JsonWriter json, ServedModel m)
    {
        json.WriteStartObject();
        json.WriteString("id", m.Id);
        json.WriteString("object", "model");
        json.WriteNumber("created", m.Created);
        json.WriteString("owned_by", "raif");
        json.WriteNumber("max_model_len", m.ContextLength);
        json.WriteEndObject();
    }

    // Maps an exception to the error to answer with; null when nothing should be written (the client is gone).
    private static ApiException? Handle(Exception e, HttpContext http, ILogger logger)
    {
        if (http.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException or ObjectDisposedException)
            return null;
        switch (e)
        {
            case ApiException api:
                return api;
            case BadHttpRequestException bad:
                return new ApiException(bad.StatusCode, bad.StatusCode == 413
                    ? $"request body too large: {bad.Message}"
                    : $"bad request: {bad.Message}");
            default:
                logger.LogError(e, "request {Method} {Path} failed", http.Request.Method, http.Request.Path);
                return new ApiException(500, $"internal error: {e.GetType().Name}: {e.Message}");
        }
    }

    private static async Task WriteErrorAsync(HttpContext http, ApiException error, ILogger logger)
    {
        try
        {
            if (!http.Response.HasStarted)
            {
                await JsonResponse.WriteErrorAsync(http, error).ConfigureAwait(false);
                return;
            }
            // A stream already under way: tell the client in-band, then end it.
            if (http.Response.ContentType == "text/event-stream")
            {
                var sse = new ServerSentEvents(http.Response, http.RequestAborted);
                await sse.SendAsync(json => JsonResponse.WriteError(json, error)).ConfigureAwait(false);
                await sse.DoneAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            logger.LogDebug("could not report an error to a client that went away: {Message}", error.Message);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => _app.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <summary>Runs until <paramref name="cancellationToken"/> fires (Ctrl+C in the CLI), then stops gracefully.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        _worker?.Dispose();
    }
}
