using System.Reflection;

namespace Raif.Evaluation.InfoBench;

/// <summary>
/// InfoBench's judge conversation and reply parser (upstream <c>evaluation.py</c>, <c>run_evaluation</c>): the first
/// user turn is <c>SYS_MSG</c>, the input (when there is one), the generated text and the first question; each later
/// question is its own user turn, after the judge's previous replies.
/// </summary>
public static class InfoBenchJudge
{
    /// <summary>Upstream's <c>SYS_MSG</c> (MIT; see InfoBench/Prompts/README.md).</summary>
    public static string SystemMessage { get; } = ReadResource("Raif.Evaluation.InfoBench.sys_msg.txt");

    /// <summary>The user turn that asks question <paramref name="index"/>.</summary>
    public static string UserTurn(InfoBenchItem item, string output, int index)
    {
        string question = item.Questions[index];
        if (index > 0)
            return $"{question}\n";
        return item.Input.Length > 0
            ? $"{SystemMessage}\n\nInput:\n\"{item.Input}\"\n\nGenerated Text:\n\"{output}\"\n\nQuestion:\n{question}\n"
            : $"{SystemMessage}\n\nGenerated Text:\n\"{output}\"\n\nQuestion:\n{question}\n";
    }

    /// <summary>
    /// YES/NO from a reply: a reply starting (case-insensitively) with "yes" or "no" decides; otherwise an upper-case
    /// "YES" without "NO" is yes, "NO" without "YES" is no; anything else is null, and upstream asks no further
    /// questions of that item.
    /// </summary>
    public static bool? Parse(string reply)
    {
        if (StartsWithIgnoreCase(reply, "yes"))
            return true;
        if (StartsWithIgnoreCase(reply, "no"))
            return false;
        bool yes = reply.Contains("YES", StringComparison.Ordinal);
        bool no = reply.Contains("NO", StringComparison.Ordinal);
        return yes && !no ? true : !yes && no ? false : null;
    }

    // Python's generation.lower().startswith(prefix) for an ASCII prefix: only ASCII letters lower-case to ASCII
    // letters, so comparing the first characters lower-cased one by one is the same test.
    private static bool StartsWithIgnoreCase(string text, string prefix)
    {
        if (text.Length < prefix.Length)
            return false;
        for (int i = 0; i < prefix.Length; i++)
        {
            if (char.ToLowerInvariant(text[i]) != prefix[i])
                return false;
        }
        return true;
    }

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
