using Microsoft.Extensions.Logging;
using Raif.Modeling;
using Raif.Server;
using Raif.Server.Hosting;
using Raif.Server.Inference;
using Raif.TestSupport;

namespace Raif.Cli.Tests;

/// <summary>
/// <c>raif serve</c>'s server in this process, serving a tiny random Qwen2 model ("tiny": <see cref="TinyModel"/>,
/// context 4096) and counting, at the server, the chat completions it answered with 200 (from ASP.NET Core's own
/// request-finished log events), and those it has started but not finished.
/// </summary>
internal sealed class CountingServer : IAsyncDisposable
{
    private readonly CountingLogger _counter = new();
    private RaifServer _server = null!;
    private LanguageModel _model = null!;

    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>Chat completions answered with 200 so far.</summary>
    public int ChatCompletions => _counter.Count;

    /// <summary>
    /// Waits until every chat completion the server has started has finished. A client killed mid-request leaves its
    /// requests running at the server, and they count when they finish, which can be after the kill.
    /// </summary>
    public async Task SettledAsync(TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (_counter.InFlight > 0)
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"{_counter.InFlight} chat completions still running after {timeout}");
            await Task.Delay(10);
        }
    }

    public static async Task<CountingServer> StartAsync(string folder)
    {
        var server = new CountingServer { _model = LanguageModel.Load(TinyModel.Write(folder, seed: 5, contextLength: 4096)) };
        server._server = RaifServer.Create(new ServerOptions { Port = 0 }, [new ServedModel("tiny", server._model)], logging: b =>
        {
            b.SetMinimumLevel(LogLevel.Information);
            b.AddProvider(server._counter);
        });
        await server._server.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _model.Dispose();
    }

    private sealed class CountingLogger : ILoggerProvider, ILogger
    {
        private int _count;
        private int _inFlight;

        public int Count => Volatile.Read(ref _count);

        public int InFlight => Volatile.Read(ref _inFlight);

        public ILogger CreateLogger(string categoryName) => categoryName == "Microsoft.AspNetCore.Hosting.Diagnostics" ? this : NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The request-starting (1) and request-finished (2) events carry the path, and the latter the status code,
            // as structured values.
            if (state is not IReadOnlyList<KeyValuePair<string, object?>> values)
                return;
            object? path = values.FirstOrDefault(v => v.Key == "Path").Value;
            if (path?.ToString() != "/v1/chat/completions")
                return;
            if (eventId.Id == 1)
            {
                Interlocked.Increment(ref _inFlight);
            }
            else if (eventId.Id == 2)
            {
                if (values.FirstOrDefault(v => v.Key == "StatusCode").Value is 200)
                    Interlocked.Increment(ref _count);
                Interlocked.Decrement(ref _inFlight);
            }
        }

        public void Dispose()
        {
        }
    }

    private sealed class NullLogger : ILogger
    {
        public static readonly NullLogger Instance = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}
