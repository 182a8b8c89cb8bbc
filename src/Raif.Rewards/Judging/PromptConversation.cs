using System.Text.RegularExpressions;
using Raif.Core.Templates;

namespace Raif.Rewards.Judging;

/// <summary>
/// Reads the turns back out of a rendered prompt (the model input in front of the generated text) for each of the
/// five layouts of spec §5.2. The open assistant turn at the end, if any, is dropped. Mistral has no system role:
/// its system text is merged into the first user turn, so that turn comes back as one user turn.
/// </summary>
public static partial class PromptConversation
{
    /// <summary>The turns of <paramref name="modelInput"/> rendered with <paramref name="template"/>.</summary>
    public static IReadOnlyList<ChatTurn> Parse(ChatTemplate template, string modelInput)
    {
        var turns = template.Name switch
        {
            "qwen" => ParseDelimited(modelInput, QwenTemplate.ImStart, "\n", QwenTemplate.ImEnd),
            "llama3" => ParseDelimited(modelInput, "<|start_header_id|>", "<|end_header_id|>", Llama3Template.EotId),
            "deepseek" => ParseDeepSeek(modelInput),
            "mistral" => ParseMistral(modelInput),
            "base" => ParseBase(modelInput),
            _ => throw new ArgumentException($"no prompt parser for template '{template.Name}'", nameof(template)),
        };
        // The assistant turn the model is completing is not part of the conversation to judge.
        if (turns.Count > 0 && turns[^1].Role == ChatRole.Assistant && turns[^1].Content.Trim().Length == 0)
            turns.RemoveAt(turns.Count - 1);
        return turns;
    }

    // <open>role<roleEnd>content<close> repeated (qwen, llama3).
    private static List<ChatTurn> ParseDelimited(string text, string open, string roleEnd, string close)
    {
        var turns = new List<ChatTurn>();
        var chunks = text.Split(open);
        foreach (var chunk in chunks.Skip(1))
        {
            int headerEnd = chunk.IndexOf(roleEnd, StringComparison.Ordinal);
            if (headerEnd < 0)
                continue;
            string role = chunk[..headerEnd];
            string content = chunk[(headerEnd + roleEnd.Length)..];
            int end = content.IndexOf(close, StringComparison.Ordinal);
            if (end >= 0)
                content = content[..end];
            if (RoleOf(role) is { } r)
                turns.Add(new ChatTurn(r, content));
        }
        return turns;
    }

    private static List<ChatTurn> ParseDeepSeek(string text)
    {
        var turns = new List<ChatTurn>();
        int start = text.IndexOf(DeepSeekTemplate.BeginOfSentence, StringComparison.Ordinal);
        string body = start >= 0 ? text[(start + DeepSeekTemplate.BeginOfSentence.Length)..] : text;
        var pieces = DeepSeekMarkers().Split(body);
        // Split with a capturing group: [system, marker, content, marker, content, ...].
        if (pieces[0].Length > 0)
            turns.Add(ChatTurn.System(pieces[0]));
        for (int i = 1; i + 1 < pieces.Length; i += 2)
        {
            string content = pieces[i + 1];
            if (pieces[i] == DeepSeekTemplate.UserMarker)
                turns.Add(ChatTurn.User(content));
            else
                turns.Add(ChatTurn.Assistant(content.Replace(DeepSeekTemplate.EndOfSentence, "", StringComparison.Ordinal)));
        }
        return turns;
    }

    private static List<ChatTurn> ParseMistral(string text)
    {
        var turns = new List<ChatTurn>();
        int at = 0;
        while (true)
        {
            int open = text.IndexOf("[INST]", at, StringComparison.Ordinal);
            if (open < 0)
                break;
            int close = text.IndexOf("[/INST]", open, StringComparison.Ordinal);
            string user = close < 0 ? text[(open + 6)..] : text[(open + 6)..close];
            turns.Add(ChatTurn.User(user));
            if (close < 0)
                break;
            int next = text.IndexOf("[INST]", close, StringComparison.Ordinal);
            string reply = next < 0 ? text[(close + 7)..] : text[(close + 7)..next];
            turns.Add(ChatTurn.Assistant(reply.Replace(MistralTemplate.Eos, "", StringComparison.Ordinal)));
            if (next < 0)
                break;
            at = next;
        }
        return turns;
    }

    private static List<ChatTurn> ParseBase(string text)
    {
        var turns = new List<ChatTurn>();
        var labels = BaseLabels().Matches(text);
        for (int i = 0; i < labels.Count; i++)
        {
            var m = labels[i];
            int contentStart = m.Index + m.Length;
            int contentEnd = i + 1 < labels.Count ? labels[i + 1].Index : text.Length;
            string content = text[contentStart..contentEnd];
            if (content.EndsWith('\n'))
                content = content[..^1];
            turns.Add(new ChatTurn(RoleOf(m.Groups[1].Value.ToLowerInvariant())!.Value, content));
        }
        return turns;
    }

    private static ChatRole? RoleOf(string role) => role switch
    {
        "system" => ChatRole.System,
        "user" => ChatRole.User,
        "assistant" => ChatRole.Assistant,
        _ => null,
    };

    [GeneratedRegex("(<｜User｜>|<｜Assistant｜>)", RegexOptions.CultureInvariant)]
    private static partial Regex DeepSeekMarkers();

    [GeneratedRegex("(?:^|(?<=\n))(System|User|Assistant):", RegexOptions.CultureInvariant)]
    private static partial Regex BaseLabels();
}
