using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Raif.Core.Jsonl;
using Raif.Server.Hosting;
using Raif.Server.Json;

namespace Raif.Server.Rewards;

/// <summary>
/// <c>POST /reward</c> in OpenRLHF's remote reward-model format. Request: <c>query</c> (prompt + response, decoded
/// with special tokens), optional <c>prompts</c>, <c>labels</c> (RAIF targets, strings or JSON objects) and, as an
/// extension, optional <c>tasks</c>. Response: <c>rewards</c> (total RAIF reward), <c>scores</c> (answer accuracy in
/// [0, 1]) and <c>extra_logs</c> — numeric lists aligned with the batch, since engines turn them into tensors:
/// format_reward, answer_reward, superior (0/1), pass_count, n, scored (0/1), error (0/1). A sample that could not
/// be scored gets reward <see cref="ServerOptions.ErrorReward"/>, score 0, zeros in the logs, error 1, and its message
/// in the top-level <c>errors</c> list (null for the others); <c>reasons</c> holds each sample's audit line.
/// </summary>
internal static class RewardEndpoint
{
    public static async Task HandleAsync(HttpContext http, ServerContext server)
    {
        var options = server.Options;
        using var body = await RequestBody.ReadAsync(http.Request, options.MaxRequestBytes, http.RequestAborted).ConfigureAwait(false);
        var queries = Strings(body, "query", required: true)!;
        if (queries.Count > options.MaxRewardSamples)
            throw ApiException.BadRequest($"'query' holds {queries.Count} samples; at most {options.MaxRewardSamples} are accepted per request", "query");
        var prompts = Strings(body, "prompts", required: false);
        var labels = Labels(body, queries.Count);
        var tasks = Strings(body, "tasks", required: false);
        SameLength(prompts, queries.Count, "prompts");
        SameLength(tasks, queries.Count, "tasks");
        var samples = new RewardSample[queries.Count];
        for (int i = 0; i < samples.Length; i++)
            samples[i] = new RewardSample(queries[i]!, prompts?[i], labels[i], tasks?[i]);

        var outcomes = await server.Rewards.ScoreAsync(samples, http.RequestAborted).ConfigureAwait(false);
        await JsonResponse.WriteAsync(http, 200, json => Write(json, outcomes, options.ErrorReward)).ConfigureAwait(false);
    }

    private static void Write(Utf8JsonWriter json, IReadOnlyList<RewardOutcome> outcomes, double errorReward)
    {
        json.WriteStartObject();
        Numbers(json, "rewards", outcomes, r => r.Total, errorReward);
        Numbers(json, "scores", outcomes, r => r.Accuracy, 0);
        json.WriteStartObject("extra_logs");
        Numbers(json, "format_reward", outcomes, r => r.FormatReward, 0);
        Numbers(json, "answer_reward", outcomes, r => r.AnswerReward, 0);
        Numbers(json, "superior", outcomes, r => r.Superior ? 1 : 0, 0);
        Numbers(json, "pass_count", outcomes, r => r.PassCount ?? 0, 0);
        Numbers(json, "n", outcomes, r => r.N, 0);
        Numbers(json, "scored", outcomes, r => r.Scored ? 1 : 0, 0);
        json.WriteStartArray("error");
        foreach (var o in outcomes)
            json.WriteNumberValue(o.Failed ? 1 : 0);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartArray("errors");
        foreach (var o in outcomes)
        {
            if (o.Error is null)
                json.WriteNullValue();
            else
                json.WriteStringValue(o.Error);
        }
        json.WriteEndArray();
        json.WriteStartArray("reasons");
        foreach (var o in outcomes)
            json.WriteStringValue(o.Result?.Reason ?? "error: " + o.Error);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Numbers(Utf8JsonWriter json, string name, IReadOnlyList<RewardOutcome> outcomes, Func<Raif.Rewards.RewardResult, double> value, double onError)
    {
        json.WriteStartArray(name);
        foreach (var o in outcomes)
            json.WriteNumberValue(o.Result is { } r ? value(r) : onError);
        json.WriteEndArray();
    }

    private static List<string?>? Strings(RequestBody body, string field, bool required)
    {
        if (body.Get(field) is not { } value)
        {
            if (required)
                throw ApiException.BadRequest($"'{field}' is required: a list of strings", field);
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array)
            throw RequestBody.Wrong(field, "an array of strings", value);
        var list = new List<string?>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
                list.Add(item.GetString());
            else if (item.ValueKind == JsonValueKind.Null && !required)
                list.Add(null);
            else
                throw ApiException.BadRequest($"'{field}[{list.Count}]' must be a string, found {JsonKind.Describe(item.ValueKind)}", field);
        }
        return list;
    }

    // Labels may be RAIF target strings or the target objects themselves; a missing label is that sample's error.
    private static string?[] Labels(RequestBody body, int count)
    {
        var labels = new string?[count];
        if (body.Get("labels") is not { } value)
            return labels;
        if (value.ValueKind != JsonValueKind.Array)
            throw RequestBody.Wrong("labels", "an array", value);
        if (value.GetArrayLength() != count)
            throw ApiException.BadRequest($"'labels' has {value.GetArrayLength()} entries for {count} queries", "labels");
        int i = 0;
        foreach (var item in value.EnumerateArray())
        {
            labels[i++] = item.ValueKind switch
            {
                JsonValueKind.String => item.GetString(),
                JsonValueKind.Null => null,
                _ => item.GetRawText(),
            };
        }
        return labels;
    }

    private static void SameLength(List<string?>? list, int count, string field)
    {
        if (list is not null && list.Count != count)
            throw ApiException.BadRequest($"'{field}' has {list.Count} entries for {count} queries", field);
    }
}
