using Raif.Core.Templates;

namespace Raif.Data.Evolution;

/// <summary>
/// The rendered <c>input</c> of an RL prompt record (spec §4.1): the chat template, a system turn with the CoT
/// trigger (spec §5.1) unless left out, the user turn and the assistant header with its think opener. Every
/// evolution stage renders through here, so ifeval and complex records of one run look alike.
/// </summary>
public static class RecordInput
{
    public static string Render(ChatTemplate template, bool cotTrigger, string instruction) =>
        template.RenderPrompt(cotTrigger ? CotTrigger.SystemPrompt() : null, instruction);

    /// <summary>The same exchange as turns (system trigger when asked for, then the user turn), for chat endpoints.</summary>
    public static IReadOnlyList<ChatTurn> Conversation(bool cotTrigger, string instruction) =>
        cotTrigger ? [ChatTurn.System(CotTrigger.SystemPrompt()), ChatTurn.User(instruction)] : [ChatTurn.User(instruction)];
}
