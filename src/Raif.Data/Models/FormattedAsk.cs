using Microsoft.Extensions.AI;
using Raif.RemoteModels;

namespace Raif.Data.Models;

/// <summary>What a formatted ask ended with: the parsed value, or the last format error; and how many replies it took.</summary>
public sealed record FormattedAnswer<T>(T? Value, string? Error, int Replies)
    where T : class;

/// <summary>
/// Asks a chat model for a reply in a strict format and parses it. A reply that breaks the format is answered with
/// a user turn naming the error and asking again (at temperature 0 a plain repeat would get the same reply back),
/// at most <see cref="ModelCallOptions.ReplyRetries"/> times. Transport failures are retried by the
/// <see cref="RetryPolicy"/>; one that persists is thrown, which stops the stage (what was done stays journaled).
/// </summary>
public static class FormattedAsk
{
    public static async Task<FormattedAnswer<T>> AskAsync<T>(
        IChatClient chat, IReadOnlyList<ChatMessage> prompt, Func<string, ReplyParse<T>> parse, ModelCallOptions options,
        CancellationToken cancellationToken)
        where T : class
    {
        var conversation = new List<ChatMessage>(prompt);
        var chatOptions = new ChatOptions { Temperature = options.Temperature, MaxOutputTokens = options.MaxOutputTokens };
        var pipeline = (options.Retry ?? RetryPolicy.Default).Build();
        string? error = null;
        for (int reply = 1; reply <= options.ReplyRetries + 1; reply++)
        {
            var response = await pipeline.ExecuteAsync(
                async token => await chat.GetResponseAsync(conversation, chatOptions, token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            string text = response.Text ?? "";
            var parsed = parse(text);
            if (parsed.IsOk)
                return new FormattedAnswer<T>(parsed.Value, null, reply);
            error = parsed.Error;
            conversation.Add(new ChatMessage(ChatRole.Assistant, text));
            conversation.Add(new ChatMessage(ChatRole.User,
                $"Your reply does not follow the required format: {error}. Reply again, following the format exactly, with nothing before or after it."));
        }
        return new FormattedAnswer<T>(null, error, options.ReplyRetries + 1);
    }
}
