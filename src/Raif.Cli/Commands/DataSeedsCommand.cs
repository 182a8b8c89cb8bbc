using System.CommandLine;
using Raif.Data.Seeds;
using Raif.RemoteModels;

namespace Raif.Cli.Commands;

/// <summary><c>raif data seeds</c>: select seed instructions (spec §3.1); see docs/data.md.</summary>
internal static class DataSeedsCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo[]>("--input", "-i") { Description = "Seed files: JSONL, or Parquet by the .parquet extension (repeatable).", Required = true, AllowMultipleArgumentsPerToken = true };
        var field = new Option<string>("--field") { Description = "Field holding the instruction (chat logs: the first user turn of messages/conversation).", DefaultValueFactory = _ => "instruction" };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Output folder (seeds.jsonl, seeds.stats.json, seeds.drops.jsonl).", Required = true };
        var count = new Option<int?>("--count", "-n") { Description = "Seeds to sample (default: every survivor)." };
        var seed = new Option<long>("--seed") { Description = "Random seed of the sampling; the same seed gives byte-identical files.", DefaultValueFactory = _ => 1 };
        var languages = new Option<string?>("--languages") { Description = "Languages to keep, comma-separated langdetect codes (zh for either Chinese script), e.g. en,zh (default: all)." };
        var nearDup = new Option<double>("--near-dup-threshold") { Description = "Character-shingle Jaccard similarity at which a seed is a near duplicate (MinHash/LSH).", DefaultValueFactory = _ => 0.8 };
        var shingle = new Option<int>("--shingle-size") { Description = "Characters per shingle.", DefaultValueFactory = _ => 5 };
        var semantic = new Option<double?>("--semantic-dedup") { Description = "Drop English seeds whose all-MiniLM-L6-v2 cosine similarity to a kept one reaches this value (e.g. 0.9)." };
        var tagUrl = new Option<string?>("--tag-url") { Description = "OpenAI-compatible server whose chat model tags topics and abilities (vLLM, raif serve), e.g. http://host:8000/v1." };
        var tagModel = new Option<string?>("--tag-model") { Description = "Model name on the tagging server (default: the first it lists)." };
        var tagKey = new Option<string?>("--tag-api-key") { Description = "API key of the tagging server (default: $RAIF_DATA_API_KEY)." };
        var tagTimeout = new Option<double>("--tag-timeout") { Description = "Seconds one tagging call may take before it is retried.", DefaultValueFactory = _ => 120 };
        var tagRetries = new Option<int>("--tag-retries") { Description = "Retries of a failed tagging call (network errors, timeouts, 429, 5xx).", DefaultValueFactory = _ => 3 };
        var tagConcurrency = new Option<int>("--tag-concurrency") { Description = "Tagging requests in flight at once.", DefaultValueFactory = _ => 8 };
        var tagAttempts = new Option<int>("--tag-attempts") { Description = "Calls per seed while the reply breaks the format; then the seed is dropped.", DefaultValueFactory = _ => 2 };
        var tagMaxTokens = new Option<int>("--tag-max-tokens") { Description = "Most tokens of one tagging reply.", DefaultValueFactory = _ => 512 };
        var quota = new Option<int?>("--ability-quota") { Description = "Most sampled seeds per ability tag (needs --tag-url)." };
        var paperTopics = new Option<bool>("--paper-topic-filter") { Description = "Keep seeds tagged Problem Solving, NLP and Understanding, Info Processing or Creativity & Design (spec §3.1; needs --tag-url)." };
        var keepTopics = new Option<string?>("--keep-topics") { Description = "Keep seeds with one of these topics (comma-separated; needs --tag-url)." };
        var onError = new Option<string>("--on-error") { Description = "A bad input line or row: 'fail' names it and stops, 'skip' reports it and goes on.", DefaultValueFactory = _ => "fail" };
        onError.AcceptOnlyFromAmong("fail", "skip");
        var command = new Command("seeds", "Select diverse seed instructions from JSONL/Parquet: normalise, language id, dedup, tagging, quotas, sampling (spec §3.1).")
        {
            input, field, output, count, seed, languages, nearDup, shingle, semantic,
            tagUrl, tagModel, tagKey, tagTimeout, tagRetries, tagConcurrency, tagAttempts, tagMaxTokens, quota, paperTopics, keepTopics, onError,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var status = parse.InvocationConfiguration.Error;
            if (parse.GetValue(paperTopics) && parse.GetValue(keepTopics) is not null)
                throw new CliUsageException("--paper-topic-filter and --keep-topics exclude each other");
            IReadOnlyList<string>? topics = parse.GetValue(paperTopics) ? SeedTopics.PaperFilter : SplitList(parse.GetValue(keepTopics));
            if ((topics is not null || parse.GetValue(quota) is not null) && parse.GetValue(tagUrl) is null)
                throw new CliUsageException("--ability-quota, --paper-topic-filter and --keep-topics need tags: give --tag-url");
            var options = new SeedSelectionOptions
            {
                Inputs = [.. parse.GetValue(input)!.Select(f => f.ToString())],
                Field = parse.GetValue(field)!,
                SkipBadLines = parse.GetValue(onError) == "skip",
                Languages = SplitList(parse.GetValue(languages)),
                NearDuplicateThreshold = parse.GetValue(nearDup),
                ShingleSize = parse.GetValue(shingle),
                SemanticThreshold = parse.GetValue(semantic),
                KeepTopics = topics,
                AbilityQuota = parse.GetValue(quota),
                Count = parse.GetValue(count),
                RandomSeed = parse.GetValue(seed),
            };
            var (tagger, chat) = await OpenTaggerAsync(parse, tagUrl, tagModel, tagKey, tagTimeout, tagRetries, tagConcurrency, tagAttempts, tagMaxTokens, status, cancellationToken).ConfigureAwait(false);
            using var ownedChat = chat;
            using var embedder = options.SemanticThreshold is null ? null : new MiniLmSentenceEmbedder();
            string lastStep = "";
            long lastTenth = -1;
            var gate = new Lock();
            // Reports come from worker threads (language id, tagging): one line per step and tenth.
            var progress = new SyncProgress<SeedSelectionProgress>(p =>
            {
                lock (gate)
                {
                    long tenth = p.Total == 0 ? 10 : p.Done * 10 / p.Total;
                    if (p.Step != lastStep || tenth > lastTenth)
                        status.WriteLine($"  [{p.Step}] {p.Done}/{p.Total}");
                    if (p.Step != lastStep)
                        lastTenth = -1;
                    lastStep = p.Step;
                    lastTenth = Math.Max(lastTenth, tenth);
                }
            });
            var summary = await SeedSelection.RunAsync(options, parse.GetValue(output)!.FullName, tagger, embedder, progress,
                e => status.WriteLine($"skipped: {e.Message}"), cancellationToken).ConfigureAwait(false);
            var outWriter = parse.InvocationConfiguration.Output;
            outWriter.WriteLine($"wrote {summary.Written} seeds to {summary.SeedsPath} (from {summary.Read} read); stats in {summary.StatsPath}, drops in {summary.DropsPath}");
            foreach (var step in summary.Steps)
            {
                string dropped = string.Join(", ", step.Dropped.Select(d => $"{d.Key} {d.Value}"));
                outWriter.WriteLine($"  {step.Step}: {step.In} -> {step.Out}" + (dropped.Length > 0 ? $" ({dropped})" : ""));
            }
            return 0;
        });
        return command;
    }

    private static IReadOnlyList<string>? SplitList(string? value) =>
        value is null ? null : [.. value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>The tagger and the chat client it uses (to dispose afterwards); both null without <c>--tag-url</c>.</summary>
    private static async Task<(SeedTagger? Tagger, IDisposable? Chat)> OpenTaggerAsync(
        ParseResult parse, Option<string?> url, Option<string?> model, Option<string?> key, Option<double> timeout, Option<int> retries,
        Option<int> concurrency, Option<int> attempts, Option<int> maxTokens, TextWriter status, CancellationToken cancellationToken)
    {
        if (parse.GetValue(url) is not { } address)
            return (null, null);
        double seconds = parse.GetValue(timeout);
        if (!(seconds > 0))
            throw new CliUsageException("--tag-timeout must be positive");
        if (parse.GetValue(retries) < 0)
            throw new CliUsageException("--tag-retries must be >= 0");
        if (parse.GetValue(concurrency) < 1 || parse.GetValue(attempts) < 1 || parse.GetValue(maxTokens) < 1)
            throw new CliUsageException("--tag-concurrency, --tag-attempts and --tag-max-tokens must be at least 1");
        var retry = new RetryPolicy(TimeSpan.FromSeconds(seconds), parse.GetValue(retries));
        var endpoint = new OpenAiEndpoint(address, parse.GetValue(key) ?? Environment.GetEnvironmentVariable("RAIF_DATA_API_KEY"));
        string name = parse.GetValue(model) ?? await RemoteChatModel.FirstModelAsync(endpoint, retry, cancellationToken).ConfigureAwait(false);
        var chat = RemoteChatModel.Create(endpoint, name);
        var probe = await RemoteChatModel.ProbeAsync(chat, retry, cancellationToken).ConfigureAwait(false);
        await status.WriteLineAsync($"tagger: {name} at {endpoint.BaseUrl} answered a probe in {probe.Latency.TotalMilliseconds:0} ms").ConfigureAwait(false);
        return (new SeedTagger(chat, new SeedTaggingOptions
        {
            Concurrency = parse.GetValue(concurrency),
            Attempts = parse.GetValue(attempts),
            MaxOutputTokens = parse.GetValue(maxTokens),
            Retry = retry,
        }), chat);
    }
}
