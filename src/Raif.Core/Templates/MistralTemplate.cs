using System.Text;

namespace Raif.Core.Templates;

/// <summary>
/// Mistral instruct layout: <c>&lt;s&gt;[INST]{system}\n\n{user}[/INST]</c>; there is no system role, so the
/// system text is merged into the first user turn. Assistant turns end with <c>&lt;/s&gt;</c>.
/// </summary>
public sealed class MistralTemplate : ChatTemplate
{
    public const string Bos = "<s>";
    public const string Eos = "</s>";

    public override string Name => "mistral";

    public override string AssistantHeader => "[/INST]";

    public override string EndOfTurn => Eos;

    public override string Render(IReadOnlyList<ChatTurn> turns, RenderEnding ending)
    {
        ValidateTurns(turns, ending);
        var sb = new StringBuilder(Bos);
        string? system = null;
        bool firstUser = true;
        for (int i = 0; i < turns.Count; i++)
        {
            var turn = turns[i];
            switch (turn.Role)
            {
                case ChatRole.System:
                    system = turn.Content;
                    break;
                case ChatRole.User:
                    sb.Append("[INST]");
                    if (firstUser && system is not null)
                        sb.Append(system).Append("\n\n");
                    firstUser = false;
                    sb.Append(turn.Content);
                    // The assistant header closes the user turn; it is written here unless the user turn is last
                    // and the caller asked for a closed rendering.
                    if (i < turns.Count - 1 || ending == RenderEnding.GenerationPrompt)
                        sb.Append(AssistantHeader);
                    break;
                default:
                    sb.Append(turn.Content);
                    if (!(ending == RenderEnding.ContinueFinalMessage && i == turns.Count - 1))
                        sb.Append(Eos);
                    break;
            }
        }
        return sb.ToString();
    }
}
