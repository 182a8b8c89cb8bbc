using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Raif.Server.OpenAi;

/// <summary>Server-sent events as OpenAI streams them: <c>data: {json}</c> blocks, then <c>data: [DONE]</c>.</summary>
internal sealed class ServerSentEvents(HttpResponse response, CancellationToken cancellationToken)
{
    private static readonly byte[] Prefix = "data: "u8.ToArray();
    private static readonly byte[] Suffix = "\n\n"u8.ToArray();
    private bool _started;

    public async Task StartAsync()
    {
        if (_started)
            return;
        _started = true;
        response.StatusCode = 200;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task SendAsync(Action<Utf8JsonWriter> write)
    {
        await StartAsync().ConfigureAwait(false);
        var buffer = new ArrayBufferWriter<byte>(512);
        buffer.Write(Prefix);
        using (var json = new Utf8JsonWriter(buffer, Json.JsonResponse.Options))
            write(json);
        buffer.Write(Suffix);
        await response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DoneAsync()
    {
        await StartAsync().ConfigureAwait(false);
        await response.Body.WriteAsync(Encoding.ASCII.GetBytes("data: [DONE]\n\n"), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
