using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Raif.RemoteModels.Tests.Fixtures;

/// <summary>A scripted HTTP server on 127.0.0.1 (port 0): the n-th request gets the n-th scripted answer (the last one repeats).</summary>
internal sealed class StubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    private StubServer(WebApplication app) => _app = app;

    public int Calls => Volatile.Read(ref _calls);

    public Uri BaseAddress => new(_app.Urls.First());

    public static async Task<StubServer> StartAsync(params Func<HttpContext, Task>[] answers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var stub = new StubServer(app);
        app.Run(http =>
        {
            int call = Interlocked.Increment(ref stub._calls);
            return answers[Math.Min(call, answers.Length) - 1](http);
        });
        await app.StartAsync();
        return stub;
    }

    public static Func<HttpContext, Task> Status(int status, string body = """{"error": {"message": "scripted"}}""") => http =>
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(body);
    };

    public static Func<HttpContext, Task> Json(string body) => Status(200, body);

    public static Func<HttpContext, Task> Hang => http => Task.Delay(Timeout.Infinite, http.RequestAborted);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
