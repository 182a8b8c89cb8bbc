using System.Text;
using System.Text.Json;
using Raif.Server.Hosting;
using Raif.Server.Tests.Fixtures;

namespace Raif.Server.Tests;

/// <summary>A client that drops a stream: its rows leave the batch and the server keeps serving.</summary>
[Collection(ServerCollection.Name)]
public class DisconnectTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_client_dropping_mid_stream_cancels_its_generation_and_the_server_survives()
    {
        await using var server = await fixture.StartAsync(new ServerOptions { Port = 0 });
        string body = JsonSerializer.Serialize(new
        {
            model = ServerFixture.ModelId,
            messages = new[] { new { role = "user", content = "hi" } },
            max_tokens = 450,
            ignore_eos = true,
            stream = true,
        });
        // No draining of the unread rest on dispose (HttpClient's default), so the connection really drops.
        using (var http = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = server.BaseAddress })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            int events = 0;
            while (events < 3 && await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                    events++;
            }
            Assert.Equal(3, events);
        } // the connection closes here, mid-stream

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (server.Worker!.AbandonedRows == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.Equal(1, server.Worker.AbandonedRows);

        var (status, answer) = await Http.PostRawAsync(server.BaseAddress, "v1/completions", """{"model": "tiny", "prompt": "ok", "max_tokens": 3}""");
        Assert.Equal(200, status);
        Assert.Equal(3, JsonDocument.Parse(answer).RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }
}
