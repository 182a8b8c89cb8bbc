using Microsoft.Extensions.AI;
using Raif.RemoteModels;

namespace Raif.Evaluation.Judging;

/// <summary>How judge calls are made: bounded concurrency, retries and timeouts, greedy decoding by default.</summary>
/// <param name="Concurrency">Requests in flight at once.</param>
/// <param name="MaxOutputTokens">Upper bound on a reply's length.</param>
/// <param name="Temperature">Sampling temperature (spec §9.2: greedy judging).</param>
/// <param name="JsonFormat">
/// Whether a benchmark that wants JSON replies (FB-Bench) asks the server for them (<c>response_format</c> json_object, as
/// its official script does). Off for servers without structured output (<c>raif serve</c>), which refuse the field: the
/// benchmark's parser and re-asks then deal with whatever comes back.
/// </param>
public sealed record JudgeCallOptions(int Concurrency = 8, int MaxOutputTokens = 1024, float Temperature = 0f, RetryPolicy? Retry = null, bool JsonFormat = true);

/// <summary>
/// Asks a chat model for judge replies, consulting the <see cref="JudgmentLog"/> first: a reply already logged
/// (from an earlier, interrupted run or a judgments file) is returned without a call; a new one is logged as soon
/// as it arrives. Without a chat model, a missing reply is an error naming the item.
/// </summary>
public sealed class JudgeClient(IChatClient? chat, JudgmentLog log, JudgeCallOptions? options = null) : IDisposable
{
    private readonly JudgeCallOptions _options = options ?? new JudgeCallOptions();
    private readonly SemaphoreSlim _slots = new((options ?? new JudgeCallOptions()).Concurrency);

    public JudgmentLog Log => log;

    /// <summary>A client asking the same judge with the same options, logging to <paramref name="otherLog"/> (a benchmark
    /// whose parts number their items independently, such as FollowBench's EN and ZH sets, keeps one log per part).</summary>
    public JudgeClient WithLog(JudgmentLog otherLog) => new(chat, otherLog, _options);

    /// <summary>Number of replies this client obtained from the model (not from the log).</summary>
    public int Calls => _calls;

    private int _calls;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, int?, int), Lazy<Task<string>>> _inFlight = new();

    /// <summary>
    /// The judge's reply to <paramref name="conversation"/> for item <paramref name="id"/>, question
    /// <paramref name="question"/>, attempt <paramref name="attempt"/> (0 first; re-asks after a malformed reply count up).
    /// </summary>
    public Task<string> AskAsync(string id, int? question, IReadOnlyList<ChatMessage> conversation, int attempt = 0, CancellationToken cancellationToken = default) =>
        AskAsync(id, question, conversation, attempt, jsonReply: false, cancellationToken);

    /// <summary>
    /// As above; <paramref name="jsonReply"/> asks the server for a JSON object (OpenAI's <c>response_format</c>
    /// json_object), as benchmarks whose official script does so (FB-Bench) require.
    /// </summary>
    public Task<string> AskAsync(string id, int? question, IReadOnlyList<ChatMessage> conversation, int attempt, bool jsonReply, CancellationToken cancellationToken)
    {
        if (log.TryGet(id, question, attempt, out string logged))
            return Task.FromResult(logged);
        // One call per (item, question, attempt), however many callers ask at once: a second concurrent call would
        // be logged as the next attempt.
        var call = _inFlight.GetOrAdd((id, question, attempt),
            _ => new Lazy<Task<string>>(() => CallAsync(id, question, conversation, attempt, jsonReply, cancellationToken)));
        return call.Value;
    }

    private async Task<string> CallAsync(string id, int? question, IReadOnlyList<ChatMessage> conversation, int attempt, bool jsonReply, CancellationToken cancellationToken)
    {
        string logged;
        if (chat is null)
        {
            string which = question is { } q ? $"item {id}, question {q}" : $"item {id}";
            throw new InvalidDataException($"no judge reply for {which} (attempt {attempt + 1}) and no judge to ask: give --judgments with it, or a judge (--judge-url/--judge)");
        }
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another task may have asked the same question while this one waited for a slot.
            if (log.TryGet(id, question, attempt, out logged))
                return logged;
            var chatOptions = new ChatOptions
            {
                Temperature = _options.Temperature,
                MaxOutputTokens = _options.MaxOutputTokens,
                ResponseFormat = jsonReply && _options.JsonFormat ? ChatResponseFormat.Json : null,
            };
            var response = await (_options.Retry ?? RetryPolicy.Default).Build().ExecuteAsync(
                async token => await chat.GetResponseAsync(conversation, chatOptions, token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            string text = response.Text;
            log.Append(new JudgeReply(id, question, text));
            Interlocked.Increment(ref _calls);
            return text;
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
