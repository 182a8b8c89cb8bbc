using Raif.Modeling.Generation;
using Raif.Server.Hosting;
using Raif.Server.Inference;
using Raif.Server.Json;

namespace Raif.Server.OpenAi;

/// <summary>
/// The sampling fields shared by chat and text completions, validated. Unset fields take the model's
/// generation_config.json values, as vLLM does (temperature, top_p, top_k when the file sets it, repetition penalty);
/// temperature 0 is greedy decoding. vLLM's extensions <c>top_k</c>, <c>repetition_penalty</c>, <c>ignore_eos</c>,
/// <c>stop_token_ids</c> and <c>skip_special_tokens</c> are accepted too.
/// </summary>
internal sealed record GenerationSettings(
    SamplingKey Key,
    int Choices,
    int? MaxTokens,
    IReadOnlyList<string> Stop,
    IReadOnlySet<int> StopTokenIds,
    bool SkipSpecialTokens,
    bool Stream,
    bool IncludeUsage)
{
    private static long s_seedGroups;

    public static GenerationSettings Parse(RequestBody body, ServedModel served, ServerOptions options, bool chat)
    {
        var config = served.Model.GenerationConfig;
        double temperature = body.Number("temperature", 0, 2) ?? config.Temperature;
        double topP = body.Number("top_p", 1e-9, 1) ?? config.TopP;
        long? topKField = body.Integer("top_k", -1, int.MaxValue);
        int topK = topKField is { } k ? (int)Math.Max(0, k) : (config.Json.ContainsKey("top_k") ? config.TopK : 0);
        double repetition = body.Number("repetition_penalty", 1e-6, 100) ?? config.RepetitionPenalty;
        long? seed = body.Integer("seed", long.MinValue, long.MaxValue);
        int n = (int)(body.Integer("n", 1, options.MaxChoices) ?? 1);
        if (body.Integer("best_of", 1, options.MaxChoices) is { } bestOf && bestOf != n)
            throw ApiException.BadRequest("'best_of' other than n is not supported by raif serve", "best_of");

        long? maxTokens = chat
            ? body.Integer("max_completion_tokens", 1, int.MaxValue) ?? body.Integer("max_tokens", 1, int.MaxValue)
            : body.Integer("max_tokens", 0, int.MaxValue);
        if (maxTokens > options.MaxNewTokens)
            throw ApiException.BadRequest($"max_tokens {maxTokens} exceeds this server's limit of {options.MaxNewTokens}", chat ? "max_completion_tokens" : "max_tokens");

        var stop = body.StringOrStrings("stop", 16);
        var stopIds = new HashSet<int>();
        if (body.Get("stop_token_ids") is { } ids)
        {
            if (ids.ValueKind != System.Text.Json.JsonValueKind.Array)
                throw RequestBody.Wrong("stop_token_ids", "an array of token ids", ids);
            foreach (var id in ids.EnumerateArray())
            {
                if (!id.TryGetInt32(out int value) || value < 0 || value >= served.Model.Config.VocabSize)
                    throw ApiException.BadRequest($"'stop_token_ids' must hold token ids in 0..{served.Model.Config.VocabSize - 1}", "stop_token_ids");
                stopIds.Add(value);
            }
        }
        body.Unsupported("presence_penalty", v => v.TryGetDouble(out double d) && d == 0, "use repetition_penalty");
        body.Unsupported("frequency_penalty", v => v.TryGetDouble(out double d) && d == 0, "use repetition_penalty");
        body.Unsupported("logit_bias", v => v.ValueKind == System.Text.Json.JsonValueKind.Object && !v.EnumerateObject().Any(), "no logit bias");
        body.Unsupported("min_tokens", v => v.TryGetInt32(out int m) && m == 0, "no minimum length");

        bool greedy = temperature < 1e-5;
        var sampling = greedy
            ? new SamplingOptions(DoSample: false, RepetitionPenalty: repetition)
            : new SamplingOptions(DoSample: true, Temperature: temperature, TopP: topP, TopK: topK, RepetitionPenalty: repetition);
        // A seeded request is batched only with itself, so its seed reproduces its output whatever else is queued.
        var key = greedy || seed is null
            ? new SamplingKey(sampling, body.Bool("ignore_eos") ?? false, null, 0)
            : new SamplingKey(sampling, body.Bool("ignore_eos") ?? false, unchecked((ulong)seed.Value), Interlocked.Increment(ref s_seedGroups));

        bool stream = body.Bool("stream") ?? false;
        bool includeUsage = false;
        if (body.Get("stream_options") is { } streamOptions)
        {
            if (streamOptions.ValueKind != System.Text.Json.JsonValueKind.Object)
                throw RequestBody.Wrong("stream_options", "an object", streamOptions);
            if (streamOptions.TryGetProperty("include_usage", out var usage))
                includeUsage = usage.ValueKind == System.Text.Json.JsonValueKind.True;
        }
        return new GenerationSettings(
            key, n, maxTokens is null ? null : (int)maxTokens.Value, stop, stopIds, body.Bool("skip_special_tokens") ?? true, stream, includeUsage);
    }

    /// <summary>
    /// The token budget of a prompt: the request's max_tokens, or what the context leaves (at most the server's
    /// limit) when it set none. A prompt that leaves no room, or a budget past the context, is a 400.
    /// </summary>
    public int BudgetFor(int promptTokens, ServedModel served, ServerOptions options, string field)
    {
        int room = served.ContextLength - promptTokens;
        if (MaxTokens is { } asked)
        {
            if (asked > room)
                throw ApiException.BadRequest(
                    $"this model's maximum context length is {served.ContextLength} tokens; the prompt has {promptTokens} and max_tokens asks for {asked} more", field);
            return asked;
        }
        if (room < 1)
            throw ApiException.BadRequest($"this model's maximum context length is {served.ContextLength} tokens; the prompt has {promptTokens}", "messages");
        return Math.Min(room, options.MaxNewTokens);
    }
}
