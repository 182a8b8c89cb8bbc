using Raif.Core.Text;

namespace Raif.Verifiers.Python;

/// <summary>
/// Hand-written equivalents of the fixed regexes IFEval's checkers run with <c>re.findall</c>, giving the same
/// matches as Python in linear time. Written by hand because under a backtracking engine some of them are quadratic
/// on adversarial input (Python's own engine included), and .NET's non-backtracking engine drops matches of
/// patterns that start with an optional element (dotnet/runtime PR #130176; seen here with <c>\s?SECTION</c>).
/// </summary>
public static class PyFindall
{
    /// <summary>Matches of <c>\[.*?\]</c> (the shortest bracketed run within a line).</summary>
    public static int CountPlaceholders(string text)
    {
        int count = 0, i = 0;
        while ((i = text.IndexOf('[', i)) >= 0)
        {
            int j = text.AsSpan(i + 1).IndexOfAny(']', '\n');
            if (j < 0)
                break;
            j += i + 1;
            if (text[j] == ']')
            {
                count++;
                i = j + 1;
            }
            else
            {
                i = j + 1; // every '[' before this newline fails the same way
            }
        }
        return count;
    }

    /// <summary>Matches of <c>^\s*\*[^\*].*$</c> (MULTILINE): <paramref name="bullet"/> '*'; or of <c>^\s*-.*$</c>: '-'.
    /// <c>\s*</c> may run over blank lines, and after '*' the one required non-'*' character may be a newline.</summary>
    public static int CountBulletLines(string text, char bullet)
    {
        int count = 0, p = 0, n = text.Length;
        while (p <= n)
        {
            if (p > 0 && text[p - 1] != '\n')
            {
                int nl = text.IndexOf('\n', p);
                if (nl < 0)
                    break;
                p = nl + 1;
                continue;
            }
            int q = p;
            while (q < n && PyStr.IsSpace(text[q]))
                q++;
            bool matched = q < n && text[q] == bullet && (bullet != '*' || (q + 1 < n && text[q + 1] != '*'));
            if (matched)
            {
                count++;
                int rest = bullet == '*' ? q + 2 : q + 1; // '.*' starts after the bullet (and after [^\*])
                int end = rest > n ? n : text.IndexOf('\n', rest);
                p = end < 0 ? n : end;
                if (p == n)
                    break;
                continue;
            }
            if (q >= n)
                break;
            // Every line start up to q reaches the same first non-space character and fails the same way.
            int next = text.IndexOf('\n', q);
            if (next < 0)
                break;
            p = next + 1;
        }
        return count;
    }

    /// <summary>The matches of <c>\*[^\n\*]*\*</c>, as (start, length).</summary>
    public static IEnumerable<(int Start, int Length)> SingleStarSpans(string text)
    {
        int i = 0;
        while ((i = text.IndexOf('*', i)) >= 0)
        {
            int j = text.AsSpan(i + 1).IndexOfAny('*', '\n');
            if (j < 0)
                yield break;
            j += i + 1;
            if (text[j] == '*')
            {
                yield return (i, j - i + 1);
                i = j + 1;
            }
            else
            {
                i = j + 1;
            }
        }
    }

    /// <summary>The matches of <c>\*\*[^\n\*]*\*\*</c>, as (start, length).</summary>
    public static IEnumerable<(int Start, int Length)> DoubleStarSpans(string text)
    {
        int i = 0;
        while (i + 1 < text.Length && (i = text.IndexOf("**", i, StringComparison.Ordinal)) >= 0)
        {
            int j = text.AsSpan(i + 2).IndexOfAny('*', '\n');
            if (j >= 0)
            {
                j += i + 2;
                if (text[j] == '*' && j + 1 < text.Length && text[j + 1] == '*')
                {
                    yield return (i, j + 2 - i);
                    i = j + 2;
                    continue;
                }
            }
            i++;
        }
    }

    /// <summary>The matches of <c>&lt;&lt;[^\n]+&gt;&gt;</c>: from a "&lt;&lt;" to the last "&gt;&gt;" of its line that
    /// leaves at least one character between them (the greedy match), as (start, length).</summary>
    public static IEnumerable<(int Start, int Length)> TitleSpans(string text)
    {
        int i = 0;
        while (i + 1 < text.Length && (i = text.IndexOf("<<", i, StringComparison.Ordinal)) >= 0)
        {
            int lineEnd = text.IndexOf('\n', i);
            if (lineEnd < 0)
                lineEnd = text.Length;
            int close = text.LastIndexOf(">>", lineEnd - 1, lineEnd - i, StringComparison.Ordinal);
            if (close >= i + 3)
            {
                yield return (i, close + 2 - i);
                i = close + 2;
            }
            else
            {
                i = lineEnd; // no later start on this line can find a closing ">>" either
            }
        }
    }

    /// <summary>Whether <c>&lt;[^&gt;]+&gt;.*&lt;/[^&gt;]+&gt;</c> (DOTALL) matches anywhere: an opening tag, then later a closing tag.</summary>
    public static bool HasOpenThenCloseTag(string text)
    {
        // The earliest end of a "<x>" match: a '>' after a '<' (with no '>' between them) and at least one
        // character between the two; the first '<' since the previous '>' is the best start.
        int openEnd = -1, firstLt = -1;
        for (int k = 0; k < text.Length; k++)
        {
            if (text[k] == '<' && firstLt < 0)
                firstLt = k;
            else if (text[k] == '>')
            {
                if (firstLt >= 0 && firstLt <= k - 2)
                {
                    openEnd = k + 1;
                    break;
                }
                firstLt = -1;
            }
        }
        if (openEnd < 0)
            return false;
        // A "</x>" at or after it: "</", one character that is not '>', then a '>' somewhere later.
        for (int s = text.IndexOf("</", openEnd, StringComparison.Ordinal); s >= 0; s = text.IndexOf("</", s + 1, StringComparison.Ordinal))
        {
            if (s + 2 < text.Length && text[s + 2] != '>' && text.IndexOf('>', s + 3) >= 0)
                return true;
        }
        return false;
    }
}
