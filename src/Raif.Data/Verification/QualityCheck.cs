using System.Text.RegularExpressions;
using Raif.Data.Resources;

namespace Raif.Data.Verification;

/// <summary>
/// One of the seven quality checks of spec §3.4 step 3, as a judge prompt: Raif's own English wording (the paper's
/// prompts are Chinese and unpublished), one resource file per check (<c>Resources/quality-NAME.txt</c>: the
/// property on the first line, the criteria after it) inside a shared frame (<c>quality-frame.txt</c>) that asks for
/// the verdict block <see cref="QualityReplyParser"/> reads. True means the example has the property (passes).
/// </summary>
public sealed partial record QualityCheck(string Name, string Property, string Criteria)
{
    /// <summary>The seven checks, in the paper's order: language, leakage, length, fabrication, poorly defined, contradictory, unsafe.</summary>
    public static IReadOnlyList<QualityCheck> All { get; } =
        new[] { "language", "no_leakage", "length", "factual", "well_defined", "consistent", "safe" }.Select(Load).ToArray();

    private static readonly string Frame = DataResources.ReadText("quality-frame.txt");

    public static QualityCheck Get(string name) =>
        All.FirstOrDefault(c => c.Name == name)
        ?? throw new ArgumentException($"unknown quality check '{name}' (known: {string.Join(", ", All.Select(c => c.Name))})");

    /// <summary>The judge's user message for one pair. One pass over the frame, so braces inside the pair stay as they are.</summary>
    public string Prompt(string instruction, string answer) =>
        Placeholder().Replace(Frame, m => m.Groups[1].Value switch
        {
            "property" => Property,
            "criteria" => Criteria,
            "instruction" => instruction,
            _ => answer,
        });

    private static QualityCheck Load(string name)
    {
        string text = DataResources.ReadText($"quality-{name}.txt").ReplaceLineEndings("\n").Trim();
        int newline = text.IndexOf('\n', StringComparison.Ordinal);
        return new QualityCheck(name, text[..newline].Trim(), text[(newline + 1)..].Trim());
    }

    [GeneratedRegex(@"\{(property|criteria|instruction|answer)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
