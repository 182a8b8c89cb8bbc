using System.CommandLine;
using Microsoft.Extensions.Logging;
using Raif.Core.Templates;
using Raif.Modeling;
using Raif.Modeling.Runtime;
using Raif.Rewards;
using Raif.Server;
using Raif.Server.Hosting;
using Raif.Server.Inference;
using Raif.Verifiers.IfEval;
using Raif.Verifiers.Language;
using Raif.Verifiers.Language.Langdetect;

namespace Raif.Cli.Commands;

/// <summary>
/// <c>raif serve</c>: OpenAI-compatible inference for a local model, and the RAIF reward for external RL engines
/// (<c>POST /reward</c>, OpenRLHF's format); rewards only when no model is given. See docs/serving.md.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model", "-m") { Description = "HF model folder to serve under /v1 (omit for a rewards-only server)." };
        var name = new Option<string?>("--served-model-name") { Description = "The model id clients ask for (default: the folder name)." };
        var chatTemplate = new Option<string?>("--chat-template") { Description = $"Chat layout when the model's is not detected ({string.Join(", ", ChatTemplates.Names)})." };
        var rewardsOnly = new Option<bool>("--rewards-only") { Description = "Serve /reward (and /health) only; no model is loaded." };
        var host = new Option<string>("--host") { Description = "Address to bind; anything but loopback requires --api-key.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port", "-p") { Description = "TCP port (0 picks a free one).", DefaultValueFactory = _ => 8000 };
        var apiKey = new Option<string?>("--api-key") { Description = "Bearer token required on every request but /health (default: $RAIF_API_KEY)." };
        var maxRequestBytes = new Option<long>("--max-request-bytes") { Description = "Largest request body (413 above).", DefaultValueFactory = _ => new ServerOptions().MaxRequestBytes };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Largest max_tokens a request may ask for.", DefaultValueFactory = _ => new ServerOptions().MaxNewTokens };
        var maxPromptTokens = new Option<int>("--max-prompt-tokens") { Description = "Largest prompt in tokens (also capped by the model's context).", DefaultValueFactory = _ => new ServerOptions().MaxPromptTokens };
        var maxBatch = new Option<int>("--max-batch") { Description = "Most sequences generated together.", DefaultValueFactory = _ => new ServerOptions().MaxBatchRows };
        var maxBatchTokens = new Option<long>("--max-batch-tokens")
        {
            Description = "Token budget of the running batch: each sequence reserves its prompt plus max_tokens; requests join in arrival order while they fit.",
            DefaultValueFactory = _ => new ServerOptions().MaxBatchTokens,
        };
        var batching = new Option<string>("--batching") { Description = "continuous (sequences join and leave at every decoding step) or round (per-round batches, for comparisons).", DefaultValueFactory = _ => "continuous" };
        batching.AcceptOnlyFromAmong("continuous", "round");
        var prefixReuse = new Option<int>("--prefix-reuse-min-tokens")
        {
            Description = "Continuous batching: shortest shared prompt prefix a request copies from one in the batch instead of computing it (0: off).",
            DefaultValueFactory = _ => new ServerOptions().PrefixReuseMinTokens,
        };
        var prefill = new Option<string>("--prefill")
        {
            Description = "Continuous batching: folded (a joining request's prompt is computed in the running rows' next decoding step) or separate (a prefill pass of its own, which stops every running row).",
            DefaultValueFactory = _ => "folded",
        };
        prefill.AcceptOnlyFromAmong("folded", "separate");
        var stepPrefill = new Option<int>("--max-step-prefill-tokens")
        {
            Description = "Folded prefill: most prompt tokens computed in one decoding step (or in the pass that starts an empty batch); later joiners wait a step (a longer prompt joins alone).",
            DefaultValueFactory = _ => new ServerOptions().MaxStepPrefillTokens,
        };
        var batchWindow = new Option<double>("--batch-window-ms") { Description = "How long an idle model waits for more requests to join a batch.", DefaultValueFactory = _ => 5 };
        var rewardLimit = new Option<double>("--reward-time-limit") { Description = "Seconds one rule-based reward sample may take.", DefaultValueFactory = _ => 30 };
        var errorReward = new Option<double>("--error-reward") { Description = "Reward sent for a sample that could not be scored (with an error entry).", DefaultValueFactory = _ => -3 };
        var noReasoning = new Option<bool>("--no-reasoning-required") { Description = "Score answers without requiring a non-empty reasoning block." };
        var variant = new Option<string>("--ifeval-variant") { Description = "'official' (Google's IFEval) or 'raif' checker semantics.", DefaultValueFactory = _ => "official" };
        variant.AcceptOnlyFromAmong("official", "raif");
        var noWarmUp = new Option<bool>("--no-language-warm-up") { Description = "Do not load the language identifier at start (it then loads on the first language check)." };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };
        var dtype = new Option<string?>("--dtype") { Description = "Compute dtype: float32 (CPU default), bfloat16 or float16." };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for libtorch (default: one fewer than the cores, at least 1: the HTTP side, tokenising and streaming need a core)." };
        var judge = new JudgeCliOptions();
        var command = new Command("serve", "Serve a model over the OpenAI API and RAIF rewards for RL engines (POST /reward).")
        {
            model, name, chatTemplate, rewardsOnly, host, port, apiKey, maxRequestBytes, maxTokens, maxPromptTokens, maxBatch, maxBatchTokens, batching, prefixReuse, prefill,
            stepPrefill, batchWindow, rewardLimit, errorReward, noReasoning, variant, noWarmUp, device, dtype, threads,
        };
        judge.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var status = parse.InvocationConfiguration.Error;
            string? folder = parse.GetValue(model);
            if (parse.GetValue(rewardsOnly) && folder is not null)
                throw new CliUsageException("--rewards-only and --model exclude each other");
            // libtorch loads only for a local model or judge: a rewards-only server never needs it.
            bool local = folder is not null || parse.GetValue(judge.Folder) is not null;
            int? torchThreads = local || parse.GetValue(threads) is not null ? parse.GetValue(threads) ?? DefaultThreads(Environment.ProcessorCount) : null;
            if (torchThreads is { } t)
                TorchRuntime.SetThreads(t);
            var options = new ServerOptions
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                ApiKey = parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("RAIF_API_KEY"),
                MaxRequestBytes = parse.GetValue(maxRequestBytes),
                MaxNewTokens = parse.GetValue(maxTokens),
                MaxPromptTokens = parse.GetValue(maxPromptTokens),
                MaxBatchRows = parse.GetValue(maxBatch),
                MaxBatchTokens = parse.GetValue(maxBatchTokens),
                Batching = parse.GetValue(batching) == "round" ? BatchingMode.Round : BatchingMode.Continuous,
                PrefixReuseMinTokens = parse.GetValue(prefixReuse),
                FoldPrefill = parse.GetValue(prefill) == "folded",
                MaxStepPrefillTokens = parse.GetValue(stepPrefill),
                MaxChoices = Math.Min(new ServerOptions().MaxChoices, parse.GetValue(maxBatch)),
                BatchWindow = TimeSpan.FromMilliseconds(parse.GetValue(batchWindow)),
                RewardSampleTimeLimit = TimeSpan.FromSeconds(parse.GetValue(rewardLimit)),
                ErrorReward = parse.GetValue(errorReward),
                Rewards = new RewardOptions
                {
                    RequireReasoning = !parse.GetValue(noReasoning),
                    IfevalVariant = parse.GetValue(variant) == "raif" ? IfevalVariant.Raif : IfevalVariant.Official,
                },
            };
            options.Validate();
            string? dt = parse.GetValue(dtype);
            var load = new ModelLoadOptions(parse.GetValue(device)!, dt is null ? null : ComputeTarget.ParseDType(dt));
            var owned = new List<LanguageModel>();
            try
            {
                var served = new List<ServedModel>();
                if (folder is not null)
                {
                    await status.WriteLineAsync($"loading {folder}").ConfigureAwait(false);
                    var lm = LanguageModel.Load(folder, load);
                    owned.Add(lm);
                    var template = parse.GetValue(chatTemplate) is { } tn ? ChatTemplates.Get(tn) : null;
                    served.Add(new ServedModel(parse.GetValue(name) ?? ServedModel.DefaultId(folder), lm, template));
                }
                ServerJudge? serverJudge = null;
                if (parse.GetValue(judge.Folder) is { } judgeFolder)
                {
                    await status.WriteLineAsync($"loading judge {judgeFolder}").ConfigureAwait(false);
                    var jm = judge.LoadLocal(parse)!;
                    owned.Add(jm);
                    string id = ServedModel.DefaultId(judgeFolder);
                    serverJudge = new ServerJudge.Local(new ServedModel(served.Any(s => s.Id == id) ? id + "-judge" : id, jm));
                }
                else if (await judge.CreateRemoteAsync(parse, status, cancellationToken).ConfigureAwait(false) is { } remote)
                {
                    serverJudge = new ServerJudge.Remote(remote);
                }
                if (!parse.GetValue(noWarmUp))
                {
                    // Load the language profiles now rather than inside the first sample's time limit.
                    _ = Task.Run(() => LangdetectLanguageIdentifier.Default.Detect("A short English sentence to load the language profiles."), CancellationToken.None);
                }
                await using var server = RaifServer.Create(options, served, serverJudge, logging => logging
                    .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
                    .SetMinimumLevel(LogLevel.Warning));
                await server.StartAsync(cancellationToken).ConfigureAwait(false);
                var models = server.ModelIds;
                parse.InvocationConfiguration.Output.WriteLine(
                    $"listening on {server.BaseAddress.ToString().TrimEnd('/')} (models: {(models.Count == 0 ? "none, rewards only" : string.Join(", ", models))}; " +
                    $"judge: {server.JudgeName ?? "none"}; api key: {(options.ApiKey is null ? "no" : "yes")}{(torchThreads is { } n ? $"; libtorch threads: {n}" : "")})");
                parse.InvocationConfiguration.Output.Flush();
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
                await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
                return 0;
            }
            finally
            {
                foreach (var lm in owned)
                    lm.Dispose();
            }
        });
        return command;
    }

    /// <summary>
    /// libtorch threads when --threads is not given: one core is left to Kestrel, tokenising, detokenising and the
    /// streams, as vLLM's CPU backend keeps one core out of its OpenMP threads for its scheduler process. On 2 cores the model worker with 2 threads was
    /// measured 1.5x slower under load than with 1 (docs/benchmarks.md, "Serving"): its threads and the HTTP side
    /// took each other's cores.
    /// </summary>
    internal static int DefaultThreads(int cores) => Math.Max(1, cores - 1);
}
