namespace Raif.Core.Templates;

/// <summary>How a conversation ends when rendered.</summary>
public enum RenderEnding
{
    /// <summary>Every turn closed; nothing appended.</summary>
    Closed,

    /// <summary>Open an assistant turn for generation (the "generation prompt").</summary>
    GenerationPrompt,

    /// <summary>The last turn is an assistant turn left open, no end-of-turn token ("continue final message").</summary>
    ContinueFinalMessage,
}

/// <summary>
/// A chat layout from spec §5.2. Raif renders the layouts itself instead of running Jinja: the reward code finds
/// the response by searching for <see cref="AssistantAnchor"/>, so the prompt must place <c>&lt;think&gt;</c>
/// immediately after the assistant header, byte for byte.
/// </summary>
public abstract class ChatTemplate
{
    /// <summary>The pre-filled reasoning opener.</summary>
    public const string ThinkOpen = "<think>";

    /// <summary>Template id: qwen, deepseek, llama3, mistral or base.</summary>
    public abstract string Name { get; }

    /// <summary>Text that opens an assistant turn, before any content.</summary>
    public abstract string AssistantHeader { get; }

    /// <summary>The string searched (last occurrence) to find where the model output begins.</summary>
    public string AssistantAnchor => AssistantHeader + ThinkOpen;

    /// <summary>Other markers that must all be present for detection (deepseek requires its three).</summary>
    public virtual IReadOnlyList<string> RequiredMarkers => [];

    /// <summary>The answer is the text after the last <c>&lt;/think&gt;</c> (R1 style) instead of an answer block.</summary>
    public virtual bool AnswerAfterThink => false;

    /// <summary>The token string that ends an assistant turn for this family.</summary>
    public abstract string EndOfTurn { get; }

    /// <summary>Renders turns; see <see cref="RenderEnding"/> for how the text ends.</summary>
    public abstract string Render(IReadOnlyList<ChatTurn> turns, RenderEnding ending);

    /// <summary>
    /// The RAIF generation prompt: the conversation, an open assistant turn and, when <paramref name="prefillThink"/>,
    /// the pre-filled <c>&lt;think&gt;</c> the model continues from.
    /// </summary>
    public string RenderGenerationPrompt(IReadOnlyList<ChatTurn> turns, bool prefillThink = true) =>
        Render(turns, RenderEnding.GenerationPrompt) + (prefillThink ? ThinkOpen : "");

    /// <summary>Renders a single system + user exchange, the shape of every RAIF prompt.</summary>
    public string RenderPrompt(string? system, string user, bool prefillThink = true)
    {
        var turns = new List<ChatTurn>(2);
        if (system is not null)
            turns.Add(ChatTurn.System(system));
        turns.Add(ChatTurn.User(user));
        return RenderGenerationPrompt(turns, prefillThink);
    }

    protected static void ValidateTurns(IReadOnlyList<ChatTurn> turns, RenderEnding ending)
    {
        for (int i = 0; i < turns.Count; i++)
        {
            if (turns[i].Role == ChatRole.System && i != 0)
                throw new ArgumentException($"turn {i}: a system turn may only come first", nameof(turns));
        }
        if (ending == RenderEnding.ContinueFinalMessage && (turns.Count == 0 || turns[^1].Role != ChatRole.Assistant))
            throw new ArgumentException("continue-final-message rendering needs an assistant turn last", nameof(turns));
    }
}
