using System.Text;

namespace Raif.Core.Templates;

/// <summary>
/// Llama 3 headers as laid out in the RAIF prompts: <c>&lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;content&lt;|eot_id|&gt;</c>
/// with no blank line after the header (spec §5.2 notes this differs from Meta's own template).
/// </summary>
public sealed class Llama3Template : ChatTemplate
{
    public const string BeginOfText = "<|begin_of_text|>";
    public const string EotId = "<|eot_id|>";

    public override string Name => "llama3";

    public override string AssistantHeader => "<|start_header_id|>assistant<|end_header_id|>";

    public override string EndOfTurn => EotId;

    public override string Render(IReadOnlyList<ChatTurn> turns, RenderEnding ending)
    {
        ValidateTurns(turns, ending);
        var sb = new StringBuilder(BeginOfText);
        for (int i = 0; i < turns.Count; i++)
        {
            var turn = turns[i];
            string role = turn.Role switch { ChatRole.System => "system", ChatRole.User => "user", _ => "assistant" };
            sb.Append("<|start_header_id|>").Append(role).Append("<|end_header_id|>").Append(turn.Content);
            if (!(ending == RenderEnding.ContinueFinalMessage && i == turns.Count - 1))
                sb.Append(EotId);
        }
        if (ending == RenderEnding.GenerationPrompt)
            sb.Append(AssistantHeader);
        return sb.ToString();
    }
}
