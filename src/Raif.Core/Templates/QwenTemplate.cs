using System.Text;

namespace Raif.Core.Templates;

/// <summary>
/// ChatML as used by Qwen2.5: <c>&lt;|im_start|&gt;role\ncontent&lt;|im_end|&gt;\n</c> per turn. No default
/// system turn is invented: RAIF prompts always carry their own.
/// </summary>
public sealed class QwenTemplate : ChatTemplate
{
    public const string ImStart = "<|im_start|>";
    public const string ImEnd = "<|im_end|>";

    public override string Name => "qwen";

    public override string AssistantHeader => "<|im_start|>assistant\n";

    public override string EndOfTurn => ImEnd;

    public override string Render(IReadOnlyList<ChatTurn> turns, RenderEnding ending)
    {
        ValidateTurns(turns, ending);
        var sb = new StringBuilder();
        for (int i = 0; i < turns.Count; i++)
        {
            var turn = turns[i];
            sb.Append(ImStart).Append(RoleName(turn.Role)).Append('\n').Append(turn.Content);
            bool open = ending == RenderEnding.ContinueFinalMessage && i == turns.Count - 1;
            if (!open)
                sb.Append(ImEnd).Append('\n');
        }
        if (ending == RenderEnding.GenerationPrompt)
            sb.Append(AssistantHeader);
        return sb.ToString();
    }

    private static string RoleName(ChatRole role) => role switch
    {
        ChatRole.System => "system",
        ChatRole.User => "user",
        _ => "assistant",
    };
}
