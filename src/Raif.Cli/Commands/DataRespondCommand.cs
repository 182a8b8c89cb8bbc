using System.CommandLine;
using Raif.Data.Responding;
using Raif.RemoteModels;

namespace Raif.Cli.Commands;

/// <summary><c>raif data respond</c>: expert responses with reasoning for RL prompt records (spec §3.4 step 1; docs/data.md).</summary>
internal static class DataRespondCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input", "-i") { Description = "RL prompt records (JSONL) from evolve.", Required = true };
        var output = new Option<FileInfo>("--out", "-o") { Description = "Output JSONL; OUT.journal makes reruns resume, drops go to OUT-stem.drops.jsonl.", Required = true };
        var url = new Option<string>("--expert-url") { Description = "OpenAI-compatible server of the expert reasoning model (vLLM, DeepSeek's API, raif serve).", Required = true };
        var model = new Option<string?>("--expert-model") { Description = "Model name on the expert server (default: the first it lists)." };
        var apiKey = new Option<string?>("--expert-api-key") { Description = "API key of the expert server (default: $RAIF_EXPERT_API_KEY)." };
        var field = new Option<string>("--field") { Description = "Field holding the plain instruction sent to the expert.", DefaultValueFactory = _ => "instruction" };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once.", DefaultValueFactory = _ => 8 };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Most tokens of one reply, reasoning included; a reply cut there is dropped.", DefaultValueFactory = _ => 16384 };
        var temperature = new Option<float?>("--temperature") { Description = "Sampling temperature (default: the server's; 0 for repeatable replies)." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one request may take before it is retried.", DefaultValueFactory = _ => 600 };
        var retries = new Option<int>("--retries") { Description = "Retries of a failed request (network errors, timeouts, 429, 5xx) before the stage stops.", DefaultValueFactory = _ => 3 };
        var onError = DataStageCli.OnError();
        var command = new Command("respond", "Ask an expert reasoning model for each record's instruction; add reasoning, answer and the <think>/<answer> response.")
        {
            input, output, url, model, apiKey, field, concurrency, maxTokens, temperature, timeout, retries, onError,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(concurrency) < 1)
                throw new CliUsageException("--concurrency must be at least 1");
            if (parse.GetValue(maxTokens) < 1)
                throw new CliUsageException("--max-tokens must be at least 1");
            if (!(parse.GetValue(timeout) > 0))
                throw new CliUsageException("--timeout must be positive");
            if (parse.GetValue(retries) < 0)
                throw new CliUsageException("--retries must be >= 0");
            var retry = new RetryPolicy(TimeSpan.FromSeconds(parse.GetValue(timeout)), parse.GetValue(retries));
            var endpoint = new OpenAiEndpoint(parse.GetValue(url)!, parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("RAIF_EXPERT_API_KEY"));
            var console = parse.InvocationConfiguration.Output;
            string name = parse.GetValue(model) ?? await RemoteChatModel.FirstModelAsync(endpoint, retry, cancellationToken).ConfigureAwait(false);
            using var expert = RemoteChatModel.Create(endpoint, name);
            var probe = await RemoteChatModel.ProbeAsync(expert, retry, cancellationToken).ConfigureAwait(false);
            await console.WriteLineAsync($"expert: {name} at {endpoint.BaseUrl} answered a probe in {probe.Latency.TotalMilliseconds:0} ms").ConfigureAwait(false);
            var options = new RespondOptions
            {
                InputPath = parse.GetValue(input)!.FullName,
                OutputPath = parse.GetValue(output)!.FullName,
                InstructionField = parse.GetValue(field)!,
                Concurrency = parse.GetValue(concurrency),
                MaxOutputTokens = parse.GetValue(maxTokens),
                Temperature = parse.GetValue(temperature),
                Retry = retry,
                SkipBadLines = parse.GetValue(onError) == "skip",
            };
            return await DataStageCli.RunAsync(parse,
                () => RespondStage.RunAsync(options, expert, DataStageCli.Progress(console), cancellationToken)).ConfigureAwait(false);
        });
        return command;
    }
}
