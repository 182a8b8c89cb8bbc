using System.Text;
using System.Text.Json;
using Raif.Core.Templates;
using Raif.Server.Hosting;
using Raif.Server.Json;

namespace Raif.Server.OpenAi;

/// <summary>
/// The <c>messages</c> of a chat request as Raif chat turns: system/developer, user and assistant roles; content as a
/// string or an array of text parts. Tools, images and audio are refused with a 400 naming the message.
/// </summary>
internal static class ChatMessages
{
    public static List<ChatTurn> Parse(RequestBody body)
    {
        if (body.Get("messages") is not { } messages)
            throw ApiException.BadRequest("'messages' is required", "messages");
        if (messages.ValueKind != JsonValueKind.Array)
            throw RequestBody.Wrong("messages", "an array", messages);
        var turns = new List<ChatTurn>();
        int i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            string field = $"messages[{i}]";
            if (message.ValueKind != JsonValueKind.Object)
                throw RequestBody.Wrong(field, "an object", message);
            if (!message.TryGetProperty("role", out var roleValue) || roleValue.ValueKind != JsonValueKind.String)
                throw ApiException.BadRequest($"'{field}.role' must be a string", field);
            var role = roleValue.GetString() switch
            {
                "system" or "developer" => ChatRole.System,
                "user" => ChatRole.User,
                "assistant" => ChatRole.Assistant,
                var other => throw ApiException.BadRequest($"'{field}.role' '{other}' is not supported (system, developer, user, assistant)", field),
            };
            if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0)
                throw ApiException.BadRequest($"'{field}.tool_calls': tool calling is not supported by raif serve", field);
            turns.Add(new ChatTurn(role, Content(message, field)));
            i++;
        }
        if (turns.Count == 0)
            throw ApiException.BadRequest("'messages' must hold at least one message", "messages");
        return turns;
    }

    private static string Content(JsonElement message, string field)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
            return "";
        if (content.ValueKind == JsonValueKind.String)
            return content.GetString()!;
        if (content.ValueKind != JsonValueKind.Array)
            throw RequestBody.Wrong(field + ".content", "a string or an array of text parts", content);
        var text = new StringBuilder();
        int p = 0;
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object
                || !part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                throw ApiException.BadRequest($"'{field}.content[{p}]' must be an object with a 'type'", field);
            if (type.GetString() != "text" || !part.TryGetProperty("text", out var partText) || partText.ValueKind != JsonValueKind.String)
                throw ApiException.BadRequest($"'{field}.content[{p}]': only text parts are supported (found '{type.GetString()}')", field);
            text.Append(partText.GetString());
            p++;
        }
        return text.ToString();
    }
}
