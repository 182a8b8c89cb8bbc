using Raif.Core.Templates;

namespace Raif.Data.Rendering;

/// <summary>
/// The <c>input</c> of a RAIF RL record (spec §4.1, §5.1–5.2): the instruction as the user turn, the CoT trigger as
/// the system turn unless left out (slow-thinking models), rendered with a chat template up to the pre-filled
/// <c>&lt;think&gt;</c>. One place, so that evolution and export render prompts identically.
/// </summary>
public static class RaifPrompt
{
    public static string Render(ChatTemplate template, bool cotTrigger, string instruction) =>
        template.RenderPrompt(cotTrigger ? CotTrigger.SystemPrompt() : null, instruction);

    /// <summary>The same exchange as turns (system trigger when asked for, then the user turn), for chat endpoints.</summary>
    public static IReadOnlyList<ChatTurn> Conversation(bool cotTrigger, string instruction) =>
        cotTrigger ? [ChatTurn.System(CotTrigger.SystemPrompt()), ChatTurn.User(instruction)] : [ChatTurn.User(instruction)];
}
