using System.Text;
using Microsoft.Extensions.AI;
using Raif.Data.Resources;
using Raif.Data.Seeds;

namespace Raif.Data.Checklist;

/// <summary>
/// The two prompts of checklist evolution (spec §3.3; Raif's wording, Resources/checklist-*-prompt.txt): the evolve
/// prompt (one-shot example + seed + target language → sub-instructions and scoring questions between the
/// delimiters) and the merge prompt (sub-instructions → one integrated instruction).
/// </summary>
public static class ChecklistPrompts
{
    public const string EvolveStart = "[The start of the Modified Sub-Instructions and Scoring Questions]";
    public const string EvolveEnd = "[The end of the Modified Sub-Instructions and Scoring Questions]";
    public const string SubInstructionsHeading = "Sub-Instructions:";
    public const string ScoringQuestionsHeading = "Scoring Questions:";
    public const string MergeStart = "[The start of the Integrated Instruction]";
    public const string MergeEnd = "[The end of the Integrated Instruction]";

    private static readonly Lazy<string> EvolveTemplate = new(() => DataResources.ReadText("checklist-evolve-prompt.txt"));
    private static readonly Lazy<string> MergeTemplate = new(() => DataResources.ReadText("checklist-merge-prompt.txt"));

    /// <summary>The language's name as the prompts write it.</summary>
    public static string LanguageName(string language) => language == Seed.Chinese ? "Chinese" : "English";

    public static IReadOnlyList<ChatMessage> Evolve(ChecklistExample example, Seed seed)
    {
        string text = EvolveTemplate.Value
            .Replace("{sub_count}", example.SubInstructions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{question_count}", example.ScoringQuestions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{composition_hint}", CompositionHint(example.Composition), StringComparison.Ordinal)
            .Replace("{example_instruction}", example.Instruction, StringComparison.Ordinal)
            .Replace("{example_sub_instructions}", Numbered(example.SubInstructions), StringComparison.Ordinal)
            .Replace("{example_scoring_questions}", Numbered(example.ScoringQuestions), StringComparison.Ordinal)
            .Replace("{language}", LanguageName(seed.Language), StringComparison.Ordinal)
            // The seed last: its text is the user's and may contain anything, braces included.
            .Replace("{seed}", seed.Text, StringComparison.Ordinal);
        return [new ChatMessage(ChatRole.User, text)];
    }

    public static IReadOnlyList<ChatMessage> Merge(EvolvedChecklist checklist, string language)
    {
        string text = MergeTemplate.Value
            .Replace("{language}", LanguageName(language), StringComparison.Ordinal)
            .Replace("{sub_instructions}", Numbered(checklist.SubInstructions), StringComparison.Ordinal);
        return [new ChatMessage(ChatRole.User, text)];
    }

    private static string CompositionHint(string composition) => composition switch
    {
        "and" => "like the example, the sub-instructions all hold at once (And).",
        "chain" => "like the example, the sub-instructions are steps done in order, each working on the result of the one before (Chain).",
        "selection" => "like the example, a condition decides which of two branches applies, and the sub-instructions state the branch that is chosen (Selection).",
        "nested" => "like the example, compositions are nested: steps, conditions or parallel requirements inside one another (Nested).",
        _ => throw new ArgumentOutOfRangeException(nameof(composition), composition, "unknown composition"),
    };

    private static string Numbered(IReadOnlyList<string> items)
    {
        var text = new StringBuilder();
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0)
                text.Append('\n');
            text.Append(i + 1).Append(". ").Append(items[i]);
        }
        return text.ToString();
    }
}
