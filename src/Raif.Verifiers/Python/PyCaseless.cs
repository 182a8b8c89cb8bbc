using System.Text;
using Raif.Core.Text;

namespace Raif.Verifiers.Python;

/// <summary>
/// Literal search with the semantics of a Python <c>re</c> pattern without metacharacters compiled with
/// <c>re.IGNORECASE</c>: characters match one to one when their simple lowercase forms are equal or share an
/// uppercase form (CPython's <c>_casefix</c> table: i/ı, s/ſ, µ/μ, σ/ς, the Greek symbol variants…).
/// Written by hand because it is linear and cannot blow up, and no .NET comparison has exactly these rules.
/// </summary>
public sealed class PyCaseless
{
    private readonly int[] _folded;
    private readonly Rune[] _runes;

    /// <summary>Prepares <paramref name="text"/> (folded once, searched many times).</summary>
    public PyCaseless(string text)
    {
        _runes = ToRunes(text);
        _folded = new int[_runes.Length];
        for (int i = 0; i < _runes.Length; i++)
            _folded[i] = Fold(_runes[i]);
    }

    /// <summary><c>re.search(needle, text, re.IGNORECASE)</c> for a literal needle.</summary>
    public bool Contains(string needle) => IndexOf(FoldAll(needle), 0) >= 0;

    /// <summary><c>len(re.findall(needle, text, re.IGNORECASE))</c> for a literal needle: non-overlapping matches.</summary>
    public int Count(string needle)
    {
        int[] n = FoldAll(needle);
        int count = 0, at = 0;
        while (at <= _folded.Length)
        {
            int found = IndexOf(n, at);
            if (found < 0)
                break;
            count++;
            at = found + Math.Max(n.Length, 1); // an empty match advances by one, as findall does
        }
        return count;
    }

    /// <summary><c>re.search(r"\b" + needle + r"\b", text, re.IGNORECASE)</c> for a literal needle.</summary>
    public bool ContainsWholeWord(string needle)
    {
        int[] n = FoldAll(needle);
        int at = 0;
        while (at <= _folded.Length)
        {
            int found = IndexOf(n, at);
            if (found < 0)
                return false;
            if (IsBoundary(found) && IsBoundary(found + n.Length))
                return true;
            at = found + 1;
        }
        return false;
    }

    /// <summary>The key under which two characters match case-insensitively in Python's <c>re</c>.</summary>
    public static int Fold(Rune r)
    {
        int key = PyUnicode.SimpleUpper(PyUnicode.SimpleLower(r)).Value;
        // Pairs that CPython lists as equivalent although neither has a simple uppercase mapping.
        return key switch
        {
            0x1FD3 => 0x390,
            0x1FE3 => 0x3B0,
            0xFB05 => 0xFB06,
            _ => key,
        };
    }

    private int IndexOf(int[] needle, int start)
    {
        if (start > _folded.Length)
            return -1;
        int found = _folded.AsSpan(start).IndexOf(needle);
        return found < 0 ? -1 : start + found;
    }

    // \b: a word character on exactly one side (the text's ends count as non-word).
    private bool IsBoundary(int position)
    {
        bool before = position > 0 && PyUnicode.IsWordChar(_runes[position - 1]);
        bool after = position < _runes.Length && PyUnicode.IsWordChar(_runes[position]);
        return before != after;
    }

    private static int[] FoldAll(string s)
    {
        var runes = ToRunes(s);
        var folded = new int[runes.Length];
        for (int i = 0; i < runes.Length; i++)
            folded[i] = Fold(runes[i]);
        return folded;
    }

    private static Rune[] ToRunes(string s)
    {
        var list = new List<Rune>(s.Length);
        foreach (var r in s.EnumerateRunes())
            list.Add(r);
        return [.. list];
    }
}
