using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using OpenAI;

namespace Raif.Server.Tests.Fixtures;

/// <summary>
/// Raw calls: through the official OpenAI client's pipeline for <c>/v1/completions</c> (its typed legacy-completions
/// client is internal in OpenAI 2.15), and through HttpClient where a test must send what no client would.
/// </summary>
internal static class Http
{
    public static async Task<(int Status, JsonDocument Body)> PostViaOpenAiAsync(OpenAIClient client, Uri server, string path, object body)
    {
        using var message = client.Pipeline.CreateMessage();
        message.ResponseClassifier = PipelineMessageClassifier.Create([200]);
        message.Request.Method = "POST";
        message.Request.Uri = new Uri(server, "v1/" + path);
        message.Request.Headers.Set("Content-Type", "application/json");
        message.Request.Content = BinaryContent.Create(BinaryData.FromObjectAsJson(body));
        await client.Pipeline.SendAsync(message);
        return (message.Response!.Status, JsonDocument.Parse(message.Response.Content));
    }

    public static async Task<(int Status, string Body)> PostRawAsync(Uri server, string path, string body, string? apiKey = null)
    {
        using var http = new HttpClient { BaseAddress = server };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (apiKey is not null)
            request.Headers.Authorization = new("Bearer", apiKey);
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<(int Status, string Body)> GetRawAsync(Uri server, string path, string? apiKey = null)
    {
        using var http = new HttpClient { BaseAddress = server };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (apiKey is not null)
            request.Headers.Authorization = new("Bearer", apiKey);
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The JSON objects of a server-sent-event stream, up to <c>data: [DONE]</c>.</summary>
    public static async Task<List<JsonElement>> ReadEventsAsync(Uri server, string path, string body)
    {
        using var http = new HttpClient { BaseAddress = server };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<JsonElement>();
        bool done = false;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
                continue;
            string data = line["data: ".Length..];
            if (data == "[DONE]")
            {
                done = true;
                break;
            }
            events.Add(JsonDocument.Parse(data).RootElement.Clone());
        }
        Assert.True(done, "the stream did not end with data: [DONE]");
        return events;
    }
}
