using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Raif.Core.Jsonl;
using Raif.Server.Hosting;

namespace Raif.Server.Json;

/// <summary>
/// A JSON request body with typed field readers whose errors name the field (400), so a client learns exactly what
/// was wrong. Unknown fields are ignored, as OpenAI-compatible servers do.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private readonly JsonDocument _document;

    private RequestBody(JsonDocument document) => _document = document;

    public JsonElement Root => _document.RootElement;

    /// <summary>Reads and parses the body; malformed JSON and non-object bodies are 400, an over-long body 413.</summary>
    public static async Task<RequestBody> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length && length > maxBytes)
            throw new ApiException(413, $"request body of {length} bytes exceeds the limit of {maxBytes} bytes");
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 64 }, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"malformed JSON body: {e.Message}");
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = document.RootElement.ValueKind;
            document.Dispose();
            throw ApiException.BadRequest($"the request body must be a JSON object, found {JsonKind.Describe(kind)}");
        }
        return new RequestBody(document);
    }

    public bool Has(string field) => Root.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null;

    public JsonElement? Get(string field) => Root.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public string? String(string field)
    {
        if (Get(field) is not { } v)
            return null;
        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw Wrong(field, "a string", v);
    }

    public bool? Bool(string field)
    {
        if (Get(field) is not { } v)
            return null;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Wrong(field, "a boolean", v),
        };
    }

    public double? Number(string field, double min, double max)
    {
        if (Get(field) is not { } v)
            return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double d) || !double.IsFinite(d))
            throw Wrong(field, "a number", v);
        if (d < min || d > max)
            throw ApiException.BadRequest($"'{field}' must be between {min} and {max} (got {d})", field);
        return d;
    }

    public long? Integer(string field, long min, long max)
    {
        if (Get(field) is not { } v)
            return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out long n))
            throw Wrong(field, "an integer", v);
        if (n < min || n > max)
            throw ApiException.BadRequest($"'{field}' must be between {min} and {max} (got {n})", field);
        return n;
    }

    /// <summary><c>stop</c>: a string or an array of strings.</summary>
    public IReadOnlyList<string> StringOrStrings(string field, int maxCount)
    {
        if (Get(field) is not { } v)
            return [];
        if (v.ValueKind == JsonValueKind.String)
            return [v.GetString()!];
        if (v.ValueKind != JsonValueKind.Array)
            throw Wrong(field, "a string or an array of strings", v);
        var list = new List<string>();
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                throw ApiException.BadRequest($"'{field}[{list.Count}]' must be a string, found {JsonKind.Describe(item.ValueKind)}", field);
            list.Add(item.GetString()!);
        }
        if (list.Count > maxCount)
            throw ApiException.BadRequest($"'{field}' has {list.Count} entries; at most {maxCount} are accepted", field);
        return list;
    }

    /// <summary>Rejects a field the server does not implement unless it has its neutral value.</summary>
    public void Unsupported(string field, Func<JsonElement, bool> isNeutral, string why)
    {
        if (Get(field) is { } v && !isNeutral(v))
            throw ApiException.BadRequest($"'{field}' is not supported by raif serve ({why})", field);
    }

    public static ApiException Wrong(string field, string expected, JsonElement found) =>
        ApiException.BadRequest($"'{field}' must be {expected}, found {JsonKind.Describe(found.ValueKind)}", field);

    public void Dispose() => _document.Dispose();
}
