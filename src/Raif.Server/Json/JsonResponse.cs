using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Raif.Server.Hosting;

namespace Raif.Server.Json;

/// <summary>Writes JSON bodies with <see cref="Utf8JsonWriter"/> (no reflection, no intermediate object graph).</summary>
internal static class JsonResponse
{
    /// <summary>Text is written as is (no \u escapes for quotes, &lt; or non-ASCII): responses are JSON for API clients, never embedded in HTML.</summary>
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, Options))
            write(json);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    public static Task WriteErrorAsync(HttpContext context, ApiException error) =>
        WriteAsync(context, error.Status, json => WriteError(json, error));

    public static void WriteError(Utf8JsonWriter json, ApiException error)
    {
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteString("message", error.Message);
        json.WriteString("type", error.Type);
        if (error.Param is null)
            json.WriteNull("param");
        else
            json.WriteString("param", error.Param);
        if (error.Code is null)
            json.WriteNumber("code", error.Status);
        else
            json.WriteString("code", error.Code);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
