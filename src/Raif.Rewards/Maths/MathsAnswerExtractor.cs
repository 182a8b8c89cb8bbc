using System.Text.RegularExpressions;
using Raif.Core.Text;

namespace Raif.Rewards.Maths;

/// <summary>
/// Finds the predicted answer in a model output the way the Qwen-Math parser's "math" mode does (spec §6.6): the
/// content of the last <c>boxed</c> (brace-balanced when it opens with <c>{</c>), else the text after the last
/// "the answer is" / "final answer is", else after "答案是", else the last number; then light cleaning and
/// <see cref="MathsAnswerNormalizer.Normalize"/>. The reward only credits boxed answers; the fallbacks serve audits.
/// </summary>
public static partial class MathsAnswerExtractor
{
    /// <summary>The marker whose absence costs −2.</summary>
    public const string BoxedMarker = "boxed";

    /// <summary>True when the output contains the substring <c>boxed</c> anywhere.</summary>
    public static bool HasBoxed(string output) => output.Contains(BoxedMarker, StringComparison.Ordinal);

    /// <summary>The normalised predicted answer (possibly empty).</summary>
    public static string Extract(string output) => MathsAnswerNormalizer.Normalize(Clean(ExtractRaw(output)));

    /// <summary>The raw answer text before cleaning and normalisation.</summary>
    public static string ExtractRaw(string output)
    {
        const string minervaStart = "final answer is $", minervaEnd = "$. I hope";
        if (output.Contains(minervaStart, StringComparison.Ordinal) && output.Contains(minervaEnd, StringComparison.Ordinal))
        {
            string tail = output[(output.IndexOf(minervaStart, StringComparison.Ordinal) + minervaStart.Length)..];
            int end = tail.IndexOf(minervaEnd, StringComparison.Ordinal);
            return PyStr.Strip(end < 0 ? tail : tail[..end]);
        }
        int boxed = output.LastIndexOf(BoxedMarker, StringComparison.Ordinal);
        if (boxed >= 0)
            return BoxedContent(output[(boxed + BoxedMarker.Length)..]);
        foreach (var phrase in new[] { "he answer is", "final answer is" })
        {
            int at = output.LastIndexOf(phrase, StringComparison.Ordinal);
            if (at >= 0)
                return PyStr.Strip(output[(at + phrase.Length)..]);
        }
        int zh = output.IndexOf("答案是", StringComparison.Ordinal);
        if (zh >= 0)
        {
            string tail = PyStr.Strip(output[(zh + 3)..]);
            int para = tail.IndexOf("\n\n", StringComparison.Ordinal);
            return PyStr.Strip(para < 0 ? tail : tail[..para]);
        }
        string? last = null;
        for (var m = LastNumber().Match(output.Replace(",", "", StringComparison.Ordinal)); m.Success; m = m.NextMatch())
            last = m.Value;
        return last ?? "";
    }

    /// <summary>What follows <c>boxed</c>: a brace-balanced group (to the end if it never closes), or the text up to a <c>$</c>.</summary>
    internal static string BoxedContent(string after)
    {
        if (after.Length == 0)
            return "";
        if (after[0] != '{')
        {
            int dollar = after.IndexOf('$');
            return PyStr.Strip(dollar < 0 ? after : after[..dollar]);
        }
        int depth = 1;
        for (int i = 1; i < after.Length; i++)
        {
            if (after[i] == '{')
                depth++;
            else if (after[i] == '}' && --depth == 0)
                return after[1..i];
        }
        return after[1..];
    }

    // Joins lines, drops a leading ':' and one trailing '.' and '/'.
    private static string Clean(string answer)
    {
        string s = LineBreaks().Replace(answer, "");
        if (s.StartsWith(':'))
            s = s[1..];
        if (s.EndsWith('.'))
            s = s[..^1];
        if (s.EndsWith('/'))
            s = s[..^1];
        return s;
    }

    [GeneratedRegex(@"-?\d*\.?\d+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1_000)]
    private static partial Regex LastNumber();

    [GeneratedRegex(@"\n\s*", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1_000)]
    private static partial Regex LineBreaks();
}
