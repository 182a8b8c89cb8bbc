using System.Text;

namespace Raif.Core.Templates;

/// <summary>
/// A plain-text layout for base (non-chat) models: <c>System:{system}\nUser:{user}\nAssistant:</c>. The RAIF
/// release shows only the anchors (<c>System:</c>, <c>User:</c>, <c>Assistant:</c>); Raif separates turns with one
/// newline and ends assistant turns with a newline too.
/// </summary>
public sealed class BaseTemplate : ChatTemplate
{
    public override string Name => "base";

    public override string AssistantHeader => "Assistant:";

    public override string EndOfTurn => "\n";

    public override string Render(IReadOnlyList<ChatTurn> turns, RenderEnding ending)
    {
        ValidateTurns(turns, ending);
        var sb = new StringBuilder();
        for (int i = 0; i < turns.Count; i++)
        {
            var turn = turns[i];
            string label = turn.Role switch { ChatRole.System => "System:", ChatRole.User => "User:", _ => "Assistant:" };
            sb.Append(label).Append(turn.Content);
            if (!(ending == RenderEnding.ContinueFinalMessage && i == turns.Count - 1))
                sb.Append('\n');
        }
        if (ending == RenderEnding.GenerationPrompt)
            sb.Append(AssistantHeader);
        return sb.ToString();
    }
}
