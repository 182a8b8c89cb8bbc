namespace Raif.Core.Templates;

/// <summary>
/// The system prompt that asks a fast-thinking (instruct) model to reason before answering (spec §5.1). The
/// wording is Raif's own; the two anchor sentences are kept verbatim because the judge-side request
/// reconstruction finds and strips the trigger by them.
/// </summary>
public static class CotTrigger
{
    /// <summary>Anchor: the illustrated reasoning/answer pattern.</summary>
    public const string PatternAnchor = "<think> reasoning process here </think><answer> answer here </answer>.";

    /// <summary>Anchor: the closing instruction about the answer block.</summary>
    public const string AnswerAnchor = "between one <answer> tag and one </answer> tag.";

    /// <summary>Separator before an original, task-specific system message.</summary>
    public const string TaskDefinitionSeparator = "Here is the task definition:\n\n";

    /// <summary>The placeholder reasoning a model may copy from the pattern; such reasoning earns nothing.</summary>
    public const string PlaceholderReasoning = "reasoning process here";

    /// <summary>The trigger text.</summary>
    public const string Text =
        "You are a helpful assistant. Before you answer, think the request through step by step, then answer it. " +
        "Write the reasoning inside <think> </think> tags and the answer inside <answer> </answer> tags, like this: " +
        PatternAnchor +
        " The user now gives you a task. Once you have reached a conclusion, put your whole final response " +
        AnswerAnchor;

    /// <summary>
    /// The system message for a RAIF prompt: the trigger alone, or the trigger followed by the original
    /// task-specific system message after <see cref="TaskDefinitionSeparator"/>.
    /// </summary>
    public static string SystemPrompt(string? taskSystemMessage = null) =>
        string.IsNullOrEmpty(taskSystemMessage) ? Text : Text + "\n\n" + TaskDefinitionSeparator + taskSystemMessage;

    /// <summary>
    /// Removes the trigger from a system text (for judging, spec §6.5): everything up to and including the last
    /// anchor found is dropped; if the task-definition separator follows, only the text after it is kept.
    /// Text without an anchor is returned unchanged.
    /// </summary>
    public static string Strip(string systemText)
    {
        int cut = -1;
        foreach (var anchor in new[] { AnswerAnchor, PatternAnchor })
        {
            int at = systemText.LastIndexOf(anchor, StringComparison.Ordinal);
            if (at >= 0)
                cut = Math.Max(cut, at + anchor.Length);
        }
        if (cut < 0)
            return systemText;
        string rest = systemText[cut..];
        int sep = rest.IndexOf(TaskDefinitionSeparator, StringComparison.Ordinal);
        return sep >= 0 ? rest[(sep + TaskDefinitionSeparator.Length)..] : rest;
    }
}
