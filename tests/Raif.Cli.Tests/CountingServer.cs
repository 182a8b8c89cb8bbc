using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Raif.Modeling;
using Raif.Modeling.Checkpoints;
using Raif.Modeling.Tokenization;
using Raif.Server;
using Raif.Server.Hosting;
using Raif.Server.Inference;
using Raif.Tests.Shared;

namespace Raif.Cli.Tests;

/// <summary>
/// <c>raif serve</c>'s server in this process, serving a tiny random Qwen2 model ("tiny": byte-level tokenizer with
/// ChatML specials, hidden 32, two layers, context 4096) and counting, at the server, the chat completions it
/// answered with 200 (from ASP.NET Core's own request-finished log events).
/// </summary>
internal sealed class CountingServer : IAsyncDisposable
{
    private readonly CountingLogger _counter = new();
    private RaifServer _server = null!;
    private LanguageModel _model = null!;

    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>Chat completions answered with 200 so far.</summary>
    public int ChatCompletions => _counter.Count;

    public static async Task<CountingServer> StartAsync(string folder)
    {
        var server = new CountingServer { _model = LanguageModel.Load(WriteTinyModel(folder)) };
        server._server = RaifServer.Create(new ServerOptions { Port = 0 }, [new ServedModel("tiny", server._model)], logging: b =>
        {
            b.SetMinimumLevel(LogLevel.Information);
            b.AddProvider(server._counter);
        });
        await server._server.StartAsync();
        return server;
    }

    private static string WriteTinyModel(string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new Dictionary<string, byte[]>
        {
            ["tokenizer.json"] = Encoding.UTF8.GetBytes(ByteTokenizerJson.Create()),
            ["tokenizer_config.json"] = Encoding.UTF8.GetBytes(new JsonObject
            {
                ["eos_token"] = "<|im_end|>",
                ["pad_token"] = "<|endoftext|>",
                ["chat_template"] = "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}",
            }.ToJsonString()),
        };
        var tokenizer = TokenizerLoader.FromFiles(files, "tiny/tokenizer.json");
        var config = ModelConfigReader.Parse(new JsonObject
        {
            ["architectures"] = new JsonArray("Qwen2ForCausalLM"),
            ["model_type"] = "qwen2",
            ["vocab_size"] = 259,
            ["hidden_size"] = 32,
            ["intermediate_size"] = 64,
            ["num_hidden_layers"] = 2,
            ["num_attention_heads"] = 4,
            ["num_key_value_heads"] = 2,
            ["max_position_embeddings"] = 4096,
            ["tie_word_embeddings"] = true,
            ["initializer_range"] = 0.3,
            ["eos_token_id"] = ByteTokenizerJson.ImEnd,
            ["torch_dtype"] = "float32",
        }, "tiny config.json");
        using var model = LanguageModel.CreateRandom(config, tokenizer, seed: 5);
        model.Save(folder);
        return folder;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _model.Dispose();
    }

    private sealed class CountingLogger : ILoggerProvider, ILogger
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public ILogger CreateLogger(string categoryName) => categoryName == "Microsoft.AspNetCore.Hosting.Diagnostics" ? this : NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The request-finished event carries the path and status code as structured values.
            if (state is not IReadOnlyList<KeyValuePair<string, object?>> values)
                return;
            object? path = values.FirstOrDefault(v => v.Key == "Path").Value;
            object? status = values.FirstOrDefault(v => v.Key == "StatusCode").Value;
            if (path?.ToString() == "/v1/chat/completions" && status is 200)
                Interlocked.Increment(ref _count);
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
