using Microsoft.Extensions.AI;
using Polly;
using Raif.Data.Stages;

namespace Raif.Data.Remote;

/// <summary>
/// One chat request of a stage through <see cref="IChatClient"/>, under a Polly pipeline (per-attempt timeout,
/// retries of transient failures). A request that still fails becomes an <see cref="EndpointFailedException"/>,
/// which stops the stage with what was done kept; cancellation by the caller stays cancellation.
/// </summary>
public sealed class ResilientChat(IChatClient client, ResiliencePipeline pipeline, string endpoint, string journalPath)
{
    public async Task<ChatResponse> GetResponseAsync(IList<ChatMessage> messages, ChatOptions options, string recordId, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.ExecuteAsync(
                async token => await client.GetResponseAsync(messages, options, token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not EndpointFailedException)
        {
            throw new EndpointFailedException(endpoint, recordId, journalPath, e);
        }
    }
}
