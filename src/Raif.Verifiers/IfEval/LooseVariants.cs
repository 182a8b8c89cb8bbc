namespace Raif.Verifiers.IfEval;

/// <summary>
/// The eight texts that IFEval's loose mode tries, in its order: the response; without '*'; without the first
/// line; without the last line; without both; and the last three without '*' (the line-removed ones are stripped).
/// </summary>
internal static class LooseVariants
{
    public static string[] Of(string response)
    {
        int firstNewline = response.IndexOf('\n');
        int lastNewline = response.LastIndexOf('\n');
        string removeFirst = firstNewline < 0 ? "" : Raif.Core.Text.PyStr.Strip(response[(firstNewline + 1)..]);
        string removeLast = lastNewline < 0 ? "" : Raif.Core.Text.PyStr.Strip(response[..lastNewline]);
        string removeBoth = firstNewline < 0 || firstNewline == lastNewline
            ? ""
            : Raif.Core.Text.PyStr.Strip(response[(firstNewline + 1)..lastNewline]);
        return
        [
            response,
            NoStars(response),
            removeFirst,
            removeLast,
            removeBoth,
            NoStars(removeFirst),
            NoStars(removeLast),
            NoStars(removeBoth),
        ];
    }

    private static string NoStars(string s) => s.Contains('*') ? s.Replace("*", "", StringComparison.Ordinal) : s;
}
