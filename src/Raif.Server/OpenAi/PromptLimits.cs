using Raif.Server.Hosting;
using Raif.Server.Inference;

namespace Raif.Server.OpenAi;

/// <summary>Prompt-length checks shared by the endpoints.</summary>
internal static class PromptLimits
{
    public static void Check(int tokens, ServedModel served, ServerOptions options, string field)
    {
        if (tokens == 0)
            throw ApiException.BadRequest("the prompt is empty: at least one token is needed", field);
        int limit = Math.Min(options.MaxPromptTokens, served.ContextLength);
        if (tokens > limit)
            throw ApiException.BadRequest(
                $"the prompt has {tokens} tokens; the limit is {limit} ({(limit == served.ContextLength ? "the model's context length" : "this server's --max-prompt-tokens")})", field);
    }
}
