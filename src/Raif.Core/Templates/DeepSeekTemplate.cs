using System.Text;

namespace Raif.Core.Templates;

/// <summary>
/// DeepSeek-R1(-Distill) layout: <c>&lt;｜begin▁of▁sentence｜&gt;{system}&lt;｜User｜&gt;{user}&lt;｜Assistant｜&gt;</c>,
/// assistant turns closed by <c>&lt;｜end▁of▁sentence｜&gt;</c>. The answer is the text after the last
/// <c>&lt;/think&gt;</c>; no answer tags are required.
/// </summary>
public sealed class DeepSeekTemplate : ChatTemplate
{
    public const string BeginOfSentence = "<｜begin▁of▁sentence｜>";
    public const string EndOfSentence = "<｜end▁of▁sentence｜>";
    public const string UserMarker = "<｜User｜>";
    public const string AssistantMarker = "<｜Assistant｜>";

    public override string Name => "deepseek";

    public override string AssistantHeader => AssistantMarker;

    public override IReadOnlyList<string> RequiredMarkers => [BeginOfSentence, UserMarker, AssistantMarker];

    public override bool AnswerAfterThink => true;

    public override string EndOfTurn => EndOfSentence;

    public override string Render(IReadOnlyList<ChatTurn> turns, RenderEnding ending)
    {
        ValidateTurns(turns, ending);
        var sb = new StringBuilder(BeginOfSentence);
        for (int i = 0; i < turns.Count; i++)
        {
            var turn = turns[i];
            switch (turn.Role)
            {
                case ChatRole.System:
                    sb.Append(turn.Content);
                    break;
                case ChatRole.User:
                    sb.Append(UserMarker).Append(turn.Content);
                    break;
                default:
                    sb.Append(AssistantMarker).Append(turn.Content);
                    if (!(ending == RenderEnding.ContinueFinalMessage && i == turns.Count - 1))
                        sb.Append(EndOfSentence);
                    break;
            }
        }
        if (ending == RenderEnding.GenerationPrompt)
            sb.Append(AssistantHeader);
        return sb.ToString();
    }
}
