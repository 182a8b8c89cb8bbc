namespace Raif.Core.Templates;

/// <summary>
/// The pre-filled <c>&lt;think&gt;</c> at the end of every RAIF prompt, its reasoning-free ("no-CoT") variant
/// (spec §5.3) and the key that groups a prompt with its variant (spec §7.4).
/// </summary>
public static class ThinkPrefill
{
    /// <summary>Canonical tail of every no-CoT prompt: an empty reasoning block.</summary>
    public const string NoCotSuffix = "<think>\n\n</think>\n";

    private static readonly string[] CotEndings = ["<think>\n\n", "<think>\n", "<think>"];

    /// <summary>True when the prompt already ends with <c>&lt;think&gt;</c>, <c>&lt;think&gt;\n</c> or <c>&lt;think&gt;\n\n</c>.</summary>
    public static bool EndsWithThink(string prompt) =>
        CotEndings.Any(e => prompt.EndsWith(e, StringComparison.Ordinal));

    /// <summary>The loader rule of spec §4.1: a prompt that does not end with a think opener gets <c>&lt;think&gt;\n</c>.</summary>
    public static string Ensure(string prompt) => EndsWithThink(prompt) ? prompt : prompt + "<think>\n";

    /// <summary>True for a prompt that already is a no-CoT variant.</summary>
    public static bool IsNoCot(string prompt) => prompt.EndsWith(NoCotSuffix, StringComparison.Ordinal);

    /// <summary>
    /// The reasoning-free variant: the four cases of spec §5.3, each ending in <see cref="NoCotSuffix"/>.
    /// </summary>
    public static string MakeNoCot(string prompt)
    {
        if (prompt.EndsWith("<think>\n\n", StringComparison.Ordinal))
            return prompt + "</think>\n";
        if (prompt.EndsWith("<think>\n", StringComparison.Ordinal))
            return prompt + "\n</think>\n";
        if (prompt.EndsWith("<think>", StringComparison.Ordinal))
            return prompt + "\n\n</think>\n";
        return prompt + NoCotSuffix;
    }

    /// <summary>
    /// The key shared by a prompt and its no-CoT variant: a no-CoT prompt loses its canonical suffix, any other
    /// prompt loses a trailing think opener.
    /// </summary>
    public static string GroupingKey(string prompt)
    {
        if (IsNoCot(prompt))
            return prompt[..^NoCotSuffix.Length];
        foreach (var ending in CotEndings)
        {
            if (prompt.EndsWith(ending, StringComparison.Ordinal))
                return prompt[..^ending.Length];
        }
        return prompt;
    }
}
