using System.Text.RegularExpressions;

namespace Raif.Verifiers.Python;

/// <summary><c>re.split(pattern, text)</c> for a pattern without capturing groups: the pieces between matches
/// (an empty match splits too, as in Python 3.7+).</summary>
public static class PySplit
{
    public static List<string> Split(Regex pattern, string text)
    {
        var pieces = new List<string>();
        int last = 0;
        foreach (Match m in pattern.Matches(text))
        {
            pieces.Add(text[last..m.Index]);
            last = m.Index + m.Length;
        }
        pieces.Add(text[last..]);
        return pieces;
    }
}
