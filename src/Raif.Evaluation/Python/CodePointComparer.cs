namespace Raif.Evaluation.Python;

/// <summary>
/// Python's string order (by code point). Ordinal UTF-16 comparison differs where a surrogate pair meets a character
/// from U+E000 up; official scripts that sort by text (FB-Bench sorts judgments by <c>user_query</c>) use this order.
/// </summary>
public sealed class CodePointComparer : IComparer<string>
{
    public static readonly CodePointComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
            return x is null ? (y is null ? 0 : -1) : 1;
        var a = x.EnumerateRunes();
        var b = y.EnumerateRunes();
        while (true)
        {
            bool moreA = a.MoveNext();
            bool moreB = b.MoveNext();
            if (!moreA || !moreB)
                return moreA ? 1 : moreB ? -1 : 0;
            int c = a.Current.Value.CompareTo(b.Current.Value);
            if (c != 0)
                return c;
        }
    }
}
