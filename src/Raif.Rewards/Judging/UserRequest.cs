using Raif.Core.Text;
using Raif.Core.Templates;

namespace Raif.Rewards.Judging;

/// <summary>
/// The request the judge sees (spec §6.5 step 1): the system text with the CoT trigger removed (so only an
/// original task definition remains, if any) and the last user message, joined by a blank line. Each part is
/// trimmed before joining, so a prompt whose system text was only the trigger yields the user message alone.
/// </summary>
public static class UserRequest
{
    /// <summary>Rebuilds the request from the model input; an error when the prompt has no user message.</summary>
    public static string Rebuild(ChatTemplate template, string modelInput)
    {
        var turns = PromptConversation.Parse(template, modelInput);
        string? system = turns.FirstOrDefault(t => t.Role == ChatRole.System)?.Content;
        int lastUser = -1;
        for (int i = 0; i < turns.Count; i++)
        {
            if (turns[i].Role == ChatRole.User)
                lastUser = i;
        }
        if (lastUser < 0)
            throw new ArgumentException($"the {template.Name} prompt has no user message to judge against");
        string user = turns[lastUser].Content;
        // Mistral merges the system text into the first user turn: strip the trigger from that turn itself. For a
        // later user turn the system text cannot be told apart from the first user message and is left out.
        if (template is MistralTemplate && lastUser == FirstUserIndex(turns))
            user = CotTrigger.Strip(user);
        string systemPart = system is null ? "" : PyStr.Strip(CotTrigger.Strip(system));
        string userPart = PyStr.Strip(user);
        return systemPart.Length == 0 ? userPart : systemPart + "\n\n" + userPart;
    }

    private static int FirstUserIndex(IReadOnlyList<ChatTurn> turns)
    {
        for (int i = 0; i < turns.Count; i++)
        {
            if (turns[i].Role == ChatRole.User)
                return i;
        }
        return -1;
    }
}
