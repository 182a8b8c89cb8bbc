using System.ClientModel.Primitives;
using System.Text.Json;
using OpenAI.Chat;

namespace Raif.RemoteModels;

/// <summary>
/// The reasoning a chat server sent beside the answer under the name Microsoft.Extensions.AI.OpenAI (10.11) does not
/// read. It maps DeepSeek's original <c>reasoning_content</c> to <c>TextReasoningContent</c>, but vLLM renamed the
/// field to <c>reasoning</c> (vllm-project/vllm#27752, late 2025) and later dropped the old name; the OpenAI library
/// keeps unknown fields when a completion is serialized, so the field is read from there.
/// </summary>
public static class ServerReasoning
{
    /// <summary><c>choices[0].message.reasoning</c> of a raw chat completion, or null when it is absent or empty.</summary>
    public static string? Read(object? rawRepresentation)
    {
        if (rawRepresentation is not ChatCompletion completion)
            return null;
        using var json = JsonDocument.Parse(ModelReaderWriter.Write(completion, ModelReaderWriterOptions.Json));
        if (json.RootElement.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0
            && choices[0].TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
            && message.TryGetProperty("reasoning", out var reasoning) && reasoning.ValueKind == JsonValueKind.String)
        {
            string text = reasoning.GetString()!;
            return text.Length == 0 ? null : text;
        }
        return null;
    }
}
