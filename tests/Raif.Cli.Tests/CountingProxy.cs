using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Raif.Cli.Tests;

/// <summary>
/// An HTTP proxy in front of a <c>raif serve</c>, so a test sees every request on the server's side of the wire:
/// it records the body of each chat request it answers, tells the start-up probes apart, and can interrupt the client
/// (cancel its token) when a given request arrives, holding that request unanswered, so the interruption falls at an
/// exact, reproducible point.
/// </summary>
internal sealed class CountingProxy : IAsyncDisposable
{
    /// <summary>The user message of <c>RemoteChatModel.ProbeAsync</c>, sent once per endpoint when a run starts.</summary>
    private const string ProbeText = "Reply with the single word OK.";

    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new() { Timeout = TimeSpan.FromMinutes(5) };
    private readonly Uri _target;
    private readonly object _gate = new();
    private readonly List<string> _answered = [];
    private readonly List<string> _held = [];
    private int _probes;
    private (int Answered, CancellationTokenSource Client)? _interrupt;

    private CountingProxy(WebApplication app, Uri target)
    {
        _app = app;
        _target = target;
    }

    public Uri BaseAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

    /// <summary>Bodies of the chat requests answered (probes excluded), in the order they arrived.</summary>
    public IReadOnlyList<string> Answered
    {
        get
        {
            lock (_gate)
                return [.. _answered];
        }
    }

    /// <summary>Bodies of the requests held unanswered at an interruption.</summary>
    public IReadOnlyList<string> Held
    {
        get
        {
            lock (_gate)
                return [.. _held];
        }
    }

    public int Probes
    {
        get
        {
            lock (_gate)
                return _probes;
        }
    }

    public static async Task<CountingProxy> StartAsync(Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var proxy = new CountingProxy(app, target);
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        return proxy;
    }

    /// <summary>
    /// When the next chat request arrives with <paramref name="answered"/> requests answered in all, cancels
    /// <paramref name="client"/> and leaves that request unanswered. One interruption at a time.
    /// </summary>
    public void InterruptAt(int answered, CancellationTokenSource client)
    {
        lock (_gate)
            _interrupt = (answered, client);
    }

    /// <summary>Forgets what was counted (between the uninterrupted run and the interrupted ones).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _answered.Clear();
            _held.Clear();
            _probes = 0;
            _interrupt = null;
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        byte[] body = buffer.ToArray();
        bool chat = http.Request.Path.StartsWithSegments("/v1/chat/completions", StringComparison.Ordinal);
        bool probe = chat && IsProbe(body);
        string text = Encoding.UTF8.GetString(body);
        if (chat && !probe)
        {
            CancellationTokenSource? interrupt = null;
            lock (_gate)
            {
                if (_interrupt is { } i && i.Answered == _answered.Count)
                {
                    interrupt = i.Client;
                    _interrupt = null;
                    _held.Add(text);
                }
            }
            if (interrupt is not null)
            {
                await interrupt.CancelAsync();
                try
                {
                    await Task.Delay(Timeout.Infinite, http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }
                return;
            }
        }

        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), new Uri(_target, http.Request.Path.Value!.TrimStart('/') + http.Request.QueryString));
        if (body.Length > 0)
        {
            request.Content = new ByteArrayContent(body);
            if (http.Request.ContentType is { } type)
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        }
        using var response = await _upstream.SendAsync(request, http.RequestAborted);
        byte[] answer = await response.Content.ReadAsByteArrayAsync(http.RequestAborted);
        if (chat && response.IsSuccessStatusCode)
        {
            // Counted before the client can see the answer: with one request in flight, the next one cannot arrive
            // before this one is counted.
            lock (_gate)
            {
                if (probe)
                    _probes++;
                else
                    _answered.Add(text);
            }
        }
        http.Response.StatusCode = (int)response.StatusCode;
        http.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        await http.Response.Body.WriteAsync(answer, http.RequestAborted);
    }

    private static bool IsProbe(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        if (!json.RootElement.TryGetProperty("messages", out var messages) || messages.GetArrayLength() != 1
            || !messages[0].TryGetProperty("content", out var content))
            return false;
        // Content is a string or a list of text parts, depending on the client.
        string? text = content.ValueKind == JsonValueKind.String ? content.GetString()
            : content.ValueKind == JsonValueKind.Array ? string.Concat(content.EnumerateArray().Select(p => p.TryGetProperty("text", out var t) ? t.GetString() : null))
            : null;
        return text == ProbeText;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
