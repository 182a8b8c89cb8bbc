using System.Buffers;
using System.Globalization;
using Raif.Core.Text;

namespace Raif.Verifiers.Nltk;

/// <summary>
/// NLTK 3.8's <c>NLTKWordTokenizer</c> (the improved Treebank tokenizer behind <c>word_tokenize</c>): ordered
/// substitutions for starting quotes, punctuation, brackets, dashes, ending quotes and MacIntyre's contractions, then a
/// whitespace split.
/// <para>
/// Written by hand: no served package reproduces NLTK's rules exactly, and the regex transcription (about 30
/// <c>Regex.Replace</c> calls per sentence) was most of <c>word_tokenize</c>'s time (issue #15). Each rule is one
/// left-to-right scan that does what Python's <c>re.sub</c> does with it (matches found in the rule's input, never
/// overlapping, the scan resuming after a match), over two reused buffers; a rule whose characters are absent is
/// skipped, and rules that only pad characters and look at nothing else are merged into one scan. Python's <c>\w</c>,
/// <c>\s</c> and <c>\d</c> keep the meaning the regex port gave them (<see cref="Python.PyRegexClasses"/>: per UTF-16
/// unit). The regex version is kept in the tests (<c>RegexTreebankReference</c>) as the oracle; the two differ only
/// where Python's case-insensitive matching differs from .NET's (see <see cref="Is(char, char)"/>).
/// </para>
/// </summary>
public sealed class TreebankWordTokenizer
{
    public static TreebankWordTokenizer Instance { get; } = new();

    private static readonly SearchValues<char> OpeningQuotes = SearchValues.Create("«“‘„`");
    private static readonly SearchValues<char> Quotes = SearchValues.Create("\"'");
    private static readonly SearchValues<char> PunctuationPads = SearchValues.Create(".;@#$%&?!");
    private static readonly SearchValues<char> BracketsAndDashes = SearchValues.Create("*[](){}<>-");
    private static readonly SearchValues<char> EndingQuotes = SearchValues.Create("»”’'\"");

    [ThreadStatic] private static Buffers? buffers;

    /// <summary>The word tokens of one sentence.</summary>
    public List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        Tokenize(text, tokens);
        return tokens;
    }

    /// <summary>Appends the word tokens of one sentence to <paramref name="tokens"/>.</summary>
    public void Tokenize(string text, List<string> tokens)
    {
        var t = Rewrite(text);
        for (int i = 0; NextToken(t, ref i, out var token);)
            tokens.Add(new string(token));
    }

    /// <summary>How many word tokens of one sentence satisfy <paramref name="predicate"/> (no token strings made).</summary>
    public int Count(string text, Func<ReadOnlySpan<char>, bool> predicate)
    {
        var t = Rewrite(text);
        int count = 0;
        for (int i = 0; NextToken(t, ref i, out var token);)
        {
            if (predicate(token))
                count++;
        }
        return count;
    }

    // The rules in NLTK's order; the tokens are then the runs of non-whitespace. The span lives until the next call
    // on this thread.
    private static ReadOnlySpan<char> Rewrite(string text)
    {
        var b = buffers ??= new Buffers();
        b.Load(text);
        StartingQuotes(b);
        Punctuation(b);
        BracketsDashes(b);
        b.Surround();
        Ending(b);
        Contractions(b);
        return b.Current;
    }

    // str.split(): the next run of non-whitespace at or after i.
    private static bool NextToken(ReadOnlySpan<char> t, ref int i, out ReadOnlySpan<char> token)
    {
        while (i < t.Length && PyStr.IsSpace(t[i]))
            i++;
        int start = i;
        while (i < t.Length && !PyStr.IsSpace(t[i]))
            i++;
        token = t[start..i];
        return i > start;
    }

    /// <summary>
    /// NLTK's first punctuation rule, <c>([^\.])(\.)([\]\)}&gt;"'»”’ ]*)\s*$</c> → <c>\1 \2 \3 </c>, by hand: its
    /// bracket class contains a space that <c>\s*</c> also matches, which makes it quadratic under backtracking.
    /// Only the last period can match: everything after it must be closers or spaces, then whitespace to the end.
    /// </summary>
    internal static string SeparateFinalPeriod(string text)
    {
        var b = new Buffers();
        b.Load(text);
        return SeparateFinalPeriod(b) ? new string(b.Current) : text;
    }

    private static bool SeparateFinalPeriod(Buffers b)
    {
        var t = b.Current;
        int dot = t.LastIndexOf('.');
        if (dot < 1 || t[dot - 1] == '.')
            return false;
        int closersEnd = dot + 1;
        while (closersEnd < t.Length && t[closersEnd] is ']' or ')' or '}' or '>' or '"' or '\'' or '»' or '”' or '’' or ' ')
            closersEnd++;
        for (int i = closersEnd; i < t.Length; i++)
        {
            if (!PyStr.IsSpace(t[i]))
                return false;
        }
        var d = b.Begin();
        t[..dot].CopyTo(d);
        int o = dot;
        d[o++] = ' ';
        d[o++] = '.';
        d[o++] = ' ';
        t[(dot + 1)..closersEnd].CopyTo(d[o..]);
        o += closersEnd - dot - 1;
        d[o++] = ' ';
        b.Commit(o);
        return true;
    }

    private static void StartingQuotes(Buffers b)
    {
        // ([«“‘„]|[`]+) → " \1 "
        if (b.Current.ContainsAny(OpeningQuotes))
        {
            var t = b.Current;
            var d = b.Begin();
            int o = 0;
            for (int i = 0; i < t.Length;)
            {
                char c = t[i];
                if (c is '«' or '“' or '‘' or '„')
                {
                    o = Pad(d, o, c);
                    i++;
                }
                else if (c == '`')
                {
                    d[o++] = ' ';
                    while (i < t.Length && t[i] == '`')
                        d[o++] = t[i++];
                    d[o++] = ' ';
                }
                else
                    d[o++] = t[i++];
            }
            b.Commit(o);
        }

        // ^" → ``
        if (b.Current.Length > 0 && b.Current[0] == '"')
        {
            var t = b.Current;
            var d = b.Begin();
            d[0] = '`';
            d[1] = '`';
            t[1..].CopyTo(d[2..]);
            b.Commit(t.Length + 1);
        }

        // (``) → " \1 "
        if (b.Current.Contains('`'))
        {
            var t = b.Current;
            var d = b.Begin();
            int o = 0;
            for (int i = 0; i < t.Length;)
            {
                if (t[i] == '`' && i + 1 < t.Length && t[i + 1] == '`')
                {
                    o = Write(d, o, " `` ");
                    i += 2;
                }
                else
                    d[o++] = t[i++];
            }
            b.Commit(o);
        }

        if (!b.Current.ContainsAny(Quotes))
            return;

        // ([ \(\[{<])(\"|\'{2}) → "\1 `` "
        {
            var t = b.Current;
            var d = b.Begin();
            int o = 0;
            bool changed = false;
            for (int i = 0; i < t.Length;)
            {
                char c = t[i];
                int quote = c is ' ' or '(' or '[' or '{' or '<' && i + 1 < t.Length
                    ? t[i + 1] == '"' ? 1 : t[i + 1] == '\'' && i + 2 < t.Length && t[i + 2] == '\'' ? 2 : 0
                    : 0;
                d[o++] = c;
                if (quote > 0)
                {
                    o = Write(d, o, " `` ");
                    i += 1 + quote;
                    changed = true;
                }
                else
                    i++;
            }
            if (changed)
                b.Commit(o);
        }

        // (?i)(\')(?!re|ve|ll|m|t|s|d|n)(\w)\b → "\1 \2": an apostrophe, then one word character that is none of
        // m t s d n (the two-letter alternatives would need a second word character, which \b forbids).
        {
            var t = b.Current;
            var d = b.Begin();
            int o = 0;
            bool changed = false;
            for (int i = 0; i < t.Length;)
            {
                if (t[i] == '\'' && i + 1 < t.Length && IsWord(t[i + 1]) && !IsSingleLetterClitic(t[i + 1])
                    && (i + 2 == t.Length || !IsWord(t[i + 2])))
                {
                    d[o++] = '\'';
                    d[o++] = ' ';
                    d[o++] = t[i + 1];
                    i += 2;
                    changed = true;
                }
                else
                    d[o++] = t[i++];
            }
            if (changed)
                b.Commit(o);
        }
    }

    private static void Punctuation(Buffers b)
    {
        SeparateFinalPeriod(b);

        // ([:,])([^\d]) → " \1 \2", then ([:,])$ → " \1 " ($: the end, or before a final newline).
        if (b.Current.ContainsAny(':', ','))
        {
            var t = b.Current;
            var d = b.Begin();
            int o = 0, copied = 0;
            for (int i = 0; ;)
            {
                int k = t[i..].IndexOfAny(':', ',');
                if (k < 0)
                    break;
                int j = i + k;
                i = j + 1;
                if (j + 1 < t.Length && !char.IsDigit(t[j + 1]))
                {
                    o = Copy(t[copied..j], d, o);
                    d[o++] = ' ';
                    d[o++] = t[j];
                    d[o++] = ' ';
                    d[o++] = t[j + 1];
                    copied = i = j + 2;
                }
            }
            o = Copy(t[copied..], d, o);
            b.Commit(o);

            var u = b.Current;
            int last = u.Length > 0 && u[^1] is ':' or ',' ? u.Length - 1
                : u.Length > 1 && u[^1] == '\n' && u[^2] is ':' or ',' ? u.Length - 2 : -1;
            if (last >= 0)
            {
                d = b.Begin();
                u[..last].CopyTo(d);
                o = Pad(d, last, u[last]);
                u[(last + 1)..].CopyTo(d[o..]);
                b.Commit(o + u.Length - last - 1);
            }
        }

        // \.{2,} → " \0 ", [;@#$%&] → " \0 ", then (after the final-period rule again, which cannot change the tokens
        // once the first one has run: it only matches the period that rule already separated) [?!] → " \0 ". All
        // three pad characters without looking at their neighbours, so one scan does them.
        if (b.Current.ContainsAny(PunctuationPads))
        {
            var t = b.Current;
            var d = b.Begin();
            int o = 0, copied = 0;
            for (int i = 0; ;)
            {
                int k = t[i..].IndexOfAny(PunctuationPads);
                if (k < 0)
                    break;
                int j = i + k;
                if (t[j] == '.')
                {
                    i = j + 1;
                    while (i < t.Length && t[i] == '.')
                        i++;
                    if (i - j < 2)
                        continue;
                    o = Copy(t[copied..j], d, o);
                    d[o++] = ' ';
                    o = Copy(t[j..i], d, o);
                    d[o++] = ' ';
                }
                else
                {
                    o = Copy(t[copied..j], d, o);
                    o = Pad(d, o, t[j]);
                    i = j + 1;
                }
                copied = i;
            }
            if (copied > 0)
                b.Commit(Copy(t[copied..], d, o));
        }

        // ([^'])' → "\1 ' "
        if (b.Current.IndexOf("' ") >= 0)
        {
            var t = b.Current;
            var d = b.Begin();
            int o = 0;
            for (int i = 0; i < t.Length;)
            {
                if (i + 2 < t.Length && t[i] != '\'' && t[i + 1] == '\'' && t[i + 2] == ' ')
                {
                    d[o++] = t[i];
                    o = Write(d, o, " ' ");
                    i += 3;
                }
                else
                    d[o++] = t[i++];
            }
            b.Commit(o);
        }
    }

    // [*] → " \0 ", [\]\[\(\)\{\}\<\>] → " \0 ", -- → " -- ": padding only, so one scan.
    private static void BracketsDashes(Buffers b)
    {
        if (!b.Current.ContainsAny(BracketsAndDashes))
            return;
        var t = b.Current;
        var d = b.Begin();
        int o = 0, copied = 0;
        for (int i = 0; ;)
        {
            int k = t[i..].IndexOfAny(BracketsAndDashes);
            if (k < 0)
                break;
            int j = i + k;
            i = j + 1;
            if (t[j] != '-')
            {
                o = Copy(t[copied..j], d, o);
                o = Pad(d, o, t[j]);
                copied = i;
            }
            else if (j + 1 < t.Length && t[j + 1] == '-')
            {
                o = Copy(t[copied..j], d, o);
                o = Write(d, o, " -- ");
                copied = i = j + 2;
            }
        }
        if (copied > 0)
            b.Commit(Copy(t[copied..], d, o));
    }

    private static void Ending(Buffers b)
    {
        if (!b.Current.ContainsAny(EndingQuotes))
            return;

        // ([»”’]) → " \1 ", '' → " '' ", " → " '' ": padding and replacing only, so one scan.
        {
            var t = b.Current;
            var d = b.Begin();
            int o = 0, copied = 0;
            for (int i = 0; ;)
            {
                int k = t[i..].IndexOfAny(EndingQuotes);
                if (k < 0)
                    break;
                int j = i + k;
                char c = t[j];
                i = j + 1;
                if (c == '\'' && !(i < t.Length && t[i] == '\''))
                    continue;
                o = Copy(t[copied..j], d, o);
                if (c is '»' or '”' or '’')
                    o = Pad(d, o, c);
                else
                {
                    o = Write(d, o, " '' ");
                    if (c == '\'')
                        i++;
                }
                copied = i;
            }
            if (copied > 0)
                b.Commit(Copy(t[copied..], d, o));
        }

        if (!b.Current.Contains('\''))
            return;

        // ([^' ])('[sS]|'[mM]|'[dD]|') → "\1 \2 ": a match starts just before an apostrophe.
        {
            var t = b.Current;
            var d = b.Begin();
            int o = 0, copied = 0;
            for (int q = NextIndexOf(t, 0, '\''); q >= 0; q = NextIndexOf(t, Math.Max(q + 1, copied), '\''))
            {
                if (q - 1 < copied || t[q - 1] is '\'' or ' ')
                    continue;
                int clitic = q + 2 < t.Length && t[q + 1] is 's' or 'S' or 'm' or 'M' or 'd' or 'D' && t[q + 2] == ' ' ? 2
                    : q + 1 < t.Length && t[q + 1] == ' ' ? 1 : 0;
                if (clitic == 0)
                    continue;
                o = Copy(t[copied..q], d, o);
                d[o++] = ' ';
                o = Copy(t.Slice(q, clitic), d, o);
                d[o++] = ' ';
                copied = q + clitic + 1;
            }
            if (copied > 0)
                b.Commit(Copy(t[copied..], d, o));
        }

        // ([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) → "\1 \2 ": a match starts one (n't) or two characters before an
        // apostrophe; trying both for each apostrophe in turn visits the starts in the regex's order.
        {
            var t = b.Current;
            var d = b.Begin();
            int o = 0, copied = 0;
            for (int q = NextIndexOf(t, 0, '\''); q >= 0; q = NextIndexOf(t, Math.Max(q + 1, copied), '\''))
            {
                int s = q - 2 >= copied && IsLongCliticAt(t, q - 2) ? q - 2 : q - 1 >= copied && IsLongCliticAt(t, q - 1) ? q - 1 : -1;
                if (s < 0)
                    continue;
                o = Copy(t[copied..(s + 1)], d, o);
                d[o++] = ' ';
                o = Copy(t.Slice(s + 1, 3), d, o);
                d[o++] = ' ';
                copied = s + 5;
            }
            if (copied > 0)
                b.Commit(Copy(t[copied..], d, o));
        }
    }

    private static bool IsLongCliticAt(ReadOnlySpan<char> t, int s) =>
        s >= 0 && s + 4 < t.Length && t[s] is not ('\'' or ' ') && t[s + 4] == ' ' && IsLongClitic(t.Slice(s + 1, 3));

    private static int NextIndexOf(ReadOnlySpan<char> t, int from, char c)
    {
        int k = t[from..].IndexOf(c);
        return k < 0 ? -1 : from + k;
    }

    private static bool IsLongClitic(ReadOnlySpan<char> s) =>
        s is "'ll" or "'LL" or "'re" or "'RE" or "'ve" or "'VE" or "n't" or "N'T";

    /// <summary>
    /// MacIntyre's contractions, case-insensitive, each <c>\b(X)(Y)\b</c> → <c> \1 \2 </c>: can|not, d|'ye, gim|me,
    /// gon|na, got|ta, lem|me, more|'n, wan|na (followed by whitespace), then <c> ('t)(is)\b</c> and
    /// <c> ('t)(was)\b</c>. The first eight each match a whole word (or two words joined by an apostrophe), so
    /// splitting one never makes or breaks a match of another and they can be found in any order: the words with a
    /// doubled n, m or t two letters in (can|not, gon|na, wan|na, gim|me, lem|me, got|ta) and those that end one or
    /// four letters before an apostrophe (d|'ye, more|'n).
    /// </summary>
    private static void Contractions(Buffers b)
    {
        var t = b.Current;
        var matches = b.Matches;
        matches.Clear();
        AddDoubled(t, "nn", matches);
        AddDoubled(t, "mm", matches);
        AddDoubled(t, "tt", matches);
        for (int q = NextIndexOf(t, 0, '\''); q >= 0; q = NextIndexOf(t, q + 1, '\''))
        {
            AddIfContraction(t, q - 4, matches);
            AddIfContraction(t, q - 1, matches);
        }
        if (matches.Count > 0)
        {
            matches.Sort();
            var d = b.Begin();
            int o = 0, copied = 0;
            foreach (var (start, split, end) in matches)
            {
                if (start < copied)
                    continue; // found twice: "d'ye'" is one and four letters before an apostrophe
                o = Copy(t[copied..start], d, o);
                d[o++] = ' ';
                o = Copy(t.Slice(start, split), d, o);
                d[o++] = ' ';
                o = Copy(t[(start + split)..end], d, o);
                d[o++] = ' ';
                copied = end;
            }
            b.Commit(Copy(t[copied..], d, o));
        }
        if (b.Current.Contains('\''))
        {
            SplitTis(b, "is");
            SplitTis(b, "was");
        }
    }

    private static void AddDoubled(ReadOnlySpan<char> t, string pair, List<(int Start, int Split, int End)> matches)
    {
        for (int from = 0; ;)
        {
            int k = t[from..].IndexOf(pair, StringComparison.OrdinalIgnoreCase);
            if (k < 0)
                return;
            AddIfContraction(t, from + k - 2, matches);
            from += k + 1;
        }
    }

    // The contraction whose first word starts at i, if there is one.
    private static void AddIfContraction(ReadOnlySpan<char> t, int i, List<(int Start, int Split, int End)> matches)
    {
        if (i < 0 || !IsWord(t[i]) || (i > 0 && IsWord(t[i - 1])))
            return;
        int end = i + 1;
        while (end < t.Length && IsWord(t[end]))
            end++;
        var word = t[i..end];
        if (word.Length == 6 && Is(word, "cannot"))
            matches.Add((i, 3, end));
        else if (word.Length == 5 && (Is(word, "gimme") || Is(word, "gonna") || Is(word, "gotta") || Is(word, "lemme")
                     || (Is(word, "wanna") && end < t.Length && PyStr.IsSpace(t[end]))))
            matches.Add((i, 3, end));
        else if (word.Length == 4 && Is(word, "more") && end + 1 < t.Length && t[end] == '\'' && Is(t[end + 1], 'n')
                 && (end + 2 == t.Length || !IsWord(t[end + 2])))
            matches.Add((i, 4, end + 2));
        else if (word.Length == 1 && Is(word[0], 'd') && end + 2 < t.Length && t[end] == '\'' && Is(t[end + 1], 'y')
                 && Is(t[end + 2], 'e') && (end + 3 == t.Length || !IsWord(t[end + 3])))
            matches.Add((i, 1, end + 3));
    }

    // " ('t)(is)\b" or " ('t)(was)\b" → " \1 \2 ", case-insensitive: a match starts just before an apostrophe.
    private static void SplitTis(Buffers b, string rest)
    {
        var t = b.Current;
        var d = b.Begin();
        int o = 0, copied = 0;
        for (int q = NextIndexOf(t, 0, '\''); q >= 0; q = NextIndexOf(t, Math.Max(q + 1, copied), '\''))
        {
            int end = q + 2 + rest.Length;
            if (q - 1 < copied || t[q - 1] != ' ' || end > t.Length || !Is(t[q + 1], 't') || !Is(t[(q + 2)..end], rest)
                || (end < t.Length && IsWord(t[end])))
                continue;
            o = Copy(t[copied..q], d, o);
            d[o++] = '\'';
            d[o++] = t[q + 1];
            d[o++] = ' ';
            o = Copy(t[(q + 2)..end], d, o);
            d[o++] = ' ';
            copied = end;
        }
        if (copied > 0)
            b.Commit(Copy(t[copied..], d, o));
    }

    private static int Pad(Span<char> d, int o, char c)
    {
        d[o] = ' ';
        d[o + 1] = c;
        d[o + 2] = ' ';
        return o + 3;
    }

    private static int Copy(ReadOnlySpan<char> from, Span<char> d, int o)
    {
        from.CopyTo(d[o..]);
        return o + from.Length;
    }

    private static int Write(Span<char> d, int o, string s)
    {
        s.CopyTo(d[o..]);
        return o + s.Length;
    }

    /// <summary>Python's <c>\w</c> as the regex port spelled it: <c>[\p{L}\p{N}_]</c> per UTF-16 unit.</summary>
    private static bool IsWord(char c)
    {
        if (c < 128)
            return char.IsAsciiLetterOrDigit(c) || c == '_';
        var category = char.GetUnicodeCategory(c);
        return category <= UnicodeCategory.OtherLetter
            || category is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;
    }

    // m t s d n, case-insensitive as Python compares them.
    private static bool IsSingleLetterClitic(char c) => Is(c, 'm') || Is(c, 't') || Is(c, 's') || Is(c, 'd') || Is(c, 'n');

    /// <summary>
    /// Python's <c>(?i)</c> equality with an ASCII lower-case letter: the same letter in either case, and also
    /// İ and ı for i, ſ for s, the Kelvin sign for k (sre's simple lower-casing plus its equivalence table). The regex
    /// port compared as .NET does and missed these four; NLTK splits "gİmme" and leaves "'ſ" whole.
    /// </summary>
    private static bool Is(char c, char lower) => (c | 0x20) == lower || lower switch
    {
        'i' => c is 'İ' or 'ı',
        's' => c == 'ſ',
        'k' => c == 'K',
        _ => false,
    };

    private static bool Is(ReadOnlySpan<char> s, string lower)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (!Is(s[i], lower[i]))
                return false;
        }
        return true;
    }

    /// <summary>The text being rewritten and a second buffer the next rule writes into; reused per thread.</summary>
    private sealed class Buffers
    {
        private char[] text = new char[512];
        private char[] next = new char[512];
        private int length;

        /// <summary>Contractions found in the current text: where the first word starts, its length, where the match ends.</summary>
        public List<(int Start, int Split, int End)> Matches { get; } = [];

        public ReadOnlySpan<char> Current => text.AsSpan(0, length);

        public void Load(string s)
        {
            if (text.Length < s.Length)
                text = new char[Math.Max(s.Length, 2 * text.Length)];
            s.CopyTo(text);
            length = s.Length;
        }

        /// <summary>The buffer for the next rule's output: room for every character to become four ('"' → " '' ").</summary>
        public Span<char> Begin()
        {
            int needed = 4 * length + 4;
            if (next.Length < needed)
                next = new char[Math.Max(needed, 2 * next.Length)];
            return next;
        }

        public void Commit(int newLength)
        {
            (text, next) = (next, text);
            length = newLength;
        }

        /// <summary><c>text = " " + text + " "</c>.</summary>
        public void Surround()
        {
            var d = Begin();
            d[0] = ' ';
            Current.CopyTo(d[1..]);
            d[length + 1] = ' ';
            Commit(length + 2);
        }
    }
}
