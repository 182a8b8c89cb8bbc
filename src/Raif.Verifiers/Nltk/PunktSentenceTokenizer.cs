using Raif.Core.Text;

namespace Raif.Verifiers.Nltk;

/// <summary>
/// The tokenizing half of Punkt (Kiss &amp; Strunk 2006) as NLTK 3.8's <c>PunktSentenceTokenizer.tokenize</c> does
/// it: candidate sentence ends (., ?, ! followed by punctuation or by whitespace and a token), a decision per
/// candidate from its context (first pass: abbreviations and ellipses by type; second pass: collocations, the
/// orthographic heuristic, frequent sentence starters, initials and ordinals), then boundary realignment of
/// closing quotes and brackets. Offsets are UTF-16 indices into the input. Immutable and thread-safe.
/// </summary>
public sealed class PunktSentenceTokenizer(PunktParameters parameters)
{
    private static readonly Lazy<PunktSentenceTokenizer> LazyEnglish = new(() => new PunktSentenceTokenizer(PunktParameters.English));

    /// <summary>NLTK's English model (what <c>nltk.data.load("tokenizers/punkt/english.pickle")</c> returns).</summary>
    public static PunktSentenceTokenizer English => LazyEnglish.Value;

    public PunktParameters Parameters { get; } = parameters;

    /// <summary>The sentences of <paramref name="text"/> (<c>tokenize</c>).</summary>
    public List<string> Tokenize(string text)
    {
        var spans = SpanTokenize(text);
        var sentences = new List<string>(spans.Count);
        foreach (var (start, end) in spans)
            sentences.Add(text[start..end]);
        return sentences;
    }

    /// <summary>The number of sentences (<c>len(tokenize(text))</c>).</summary>
    public int Count(string text) => SpanTokenize(text).Count;

    /// <summary>(start, end) of each sentence (<c>span_tokenize</c> with boundary realignment).</summary>
    public List<(int Start, int End)> SpanTokenize(string text) => RealignBoundaries(text, SlicesFromText(text));

    private List<(int Start, int End)> SlicesFromText(string text)
    {
        var slices = new List<(int, int)>();
        int lastBreak = 0;
        foreach (var (match, context) in PotentialEndContexts(text))
        {
            if (!ContainsSentBreak(context))
                continue;
            slices.Add((lastBreak, match.End));
            lastBreak = match.NextTokenStart >= 0 ? match.NextTokenStart : match.End;
        }
        // The last sentence does not contain trailing whitespace.
        slices.Add((lastBreak, PyStr.RStrip(text).Length));
        return slices;
    }

    private readonly record struct EndMatch(int Start, int AfterTokenEnd, int NextTokenStart)
    {
        public int End => Start + 1;
    }

    // NLTK's period_context_re: a sentence-end character followed either by one non-word punctuation character,
    // or by whitespace and a token (captured as next_tok). Scanned by hand: each candidate is one character.
    private static IEnumerable<EndMatch> PeriodContexts(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('.' or '?' or '!'))
                continue;
            int j = i + 1;
            if (j >= text.Length)
                yield break;
            if (IsNonWordChar(text[j]))
            {
                yield return new EndMatch(i, j + 1, -1);
                continue;
            }
            int k = j;
            while (k < text.Length && PyStr.IsSpace(text[k]))
                k++;
            if (k == j || k >= text.Length)
                continue;
            int tokenEnd = k;
            while (tokenEnd < text.Length && !PyStr.IsSpace(text[tokenEnd]))
                tokenEnd++;
            yield return new EndMatch(i, tokenEnd, k);
        }
    }

    // _re_non_word_chars: )";}]*:@'({[ and the sentence-end characters other than the period.
    private static bool IsNonWordChar(char c) =>
        c is ')' or '"' or ';' or '}' or ']' or '*' or ':' or '@' or '\'' or '(' or '{' or '[' or '!' or '?';

    // _match_potential_end_contexts: pairs each candidate with "previous word + end char + following context",
    // dropping a candidate whose previous-word slice overlaps the next one's (so "acting!!! I" yields one).
    private static IEnumerable<(EndMatch Match, string Context)> PotentialEndContexts(string text)
    {
        (int Start, int Stop) previousSlice = (0, 0);
        EndMatch? previousMatch = null;
        foreach (var match in PeriodContexts(text))
        {
            int wordStart = LastAsciiWhitespaceIndex(text, previousSlice.Stop, match.Start);
            wordStart = wordStart > 0 ? wordStart + previousSlice.Stop + 1 : previousSlice.Start;
            var prevWordSlice = (Start: wordStart, Stop: match.Start);
            if (previousMatch is { } pm && previousSlice.Stop <= prevWordSlice.Start)
                yield return (pm, Context(text, previousSlice, pm));
            previousMatch = match;
            previousSlice = prevWordSlice;
        }
        if (previousMatch is { } last)
            yield return (last, Context(text, previousSlice, last));
    }

    private static string Context(string text, (int Start, int Stop) wordSlice, EndMatch match) =>
        string.Concat(Slice(text, wordSlice.Start, wordSlice.Stop), text.AsSpan(match.Start, match.AfterTokenEnd - match.Start));

    private static ReadOnlySpan<char> Slice(string text, int start, int stop) =>
        stop > start ? text.AsSpan(start, stop - start) : [];

    // _get_last_whitespace_index over text[from:to]: the index (relative to from) of the last character of
    // string.whitespace (ASCII only), or 0 when there is none — NLTK's quirk: a space at relative index 0 also gives 0.
    private static int LastAsciiWhitespaceIndex(string text, int from, int to)
    {
        for (int i = to - 1; i >= from; i--)
        {
            if (text[i] is ' ' or '\t' or '\n' or '\r' or '\v' or '\f')
                return i - from;
        }
        return 0;
    }

    // text_contains_sentbreak: some token other than the last is a sentence break after both annotation passes.
    private bool ContainsSentBreak(string context)
    {
        var tokens = PunktWordSplitter.Tokenize(context);
        for (int i = 0; i < tokens.Count; i++)
            FirstPass(tokens[i]);
        for (int i = 0; i + 1 < tokens.Count; i++)
        {
            SecondPass(tokens[i], tokens[i + 1]);
            if (tokens[i].SentBreak)
                return true;
        }
        return false;
    }

    private void FirstPass(PunktToken token)
    {
        string tok = token.Tok;
        if (tok is "." or "?" or "!")
        {
            token.SentBreak = true;
        }
        else if (token.IsEllipsis)
        {
            token.Ellipsis = true;
        }
        else if (token.PeriodFinal && !tok.EndsWith("..", StringComparison.Ordinal))
        {
            string stem = PyStr.Lower(tok[..^1]);
            int dash = stem.LastIndexOf('-');
            if (Parameters.AbbrevTypes.Contains(stem) || Parameters.AbbrevTypes.Contains(dash < 0 ? stem : stem[(dash + 1)..]))
                token.Abbr = true;
            else
                token.SentBreak = true;
        }
    }

    private void SecondPass(PunktToken token1, PunktToken token2)
    {
        if (!token1.PeriodFinal)
            return;
        string type = token1.TypeNoPeriod;
        string nextType = token2.TypeNoSentPeriod;
        bool isInitial = token1.IsInitial;

        // Collocation heuristic: a known collocation across the period is not a sentence break.
        if (Parameters.Collocations.Contains((type, nextType)))
        {
            token1.SentBreak = false;
            token1.Abbr = true;
            return;
        }

        // An abbreviation or ellipsis may still end a sentence: the orthographic heuristic or a frequent
        // sentence starter after it decides.
        if ((token1.Abbr || token1.Ellipsis) && !isInitial)
        {
            if (OrthoHeuristic(token2) == Ortho.SentenceStarter)
            {
                token1.SentBreak = true;
                return;
            }
            if (token2.FirstUpper && Parameters.SentStarters.Contains(nextType))
            {
                token1.SentBreak = true;
                return;
            }
        }

        // Initials and ordinals marked as breaks become abbreviations when the next word is not a starter.
        if (isInitial || type == "##number##")
        {
            var ortho = OrthoHeuristic(token2);
            if (ortho == Ortho.NotStarter)
            {
                token1.SentBreak = false;
                token1.Abbr = true;
                return;
            }
            if (ortho == Ortho.Unknown && isInitial && token2.FirstUpper &&
                (OrthoContext(nextType) & PunktOrtho.Lc) == 0)
            {
                token1.SentBreak = false;
                token1.Abbr = true;
            }
        }
    }

    private enum Ortho
    {
        SentenceStarter,
        NotStarter,
        Unknown,
    }

    private Ortho OrthoHeuristic(PunktToken token)
    {
        if (token.Tok is ";" or ":" or "," or "." or "!" or "?")
            return Ortho.NotStarter;
        int context = OrthoContext(token.TypeNoSentPeriod);
        // Capitalized, seen lower-case, never capitalized mid-sentence: a sentence starter.
        if (token.FirstUpper && (context & PunktOrtho.Lc) != 0 && (context & PunktOrtho.MidUc) == 0)
            return Ortho.SentenceStarter;
        // Lower-case, and seen capitalized or never seen lower-case at a sentence start: not a starter.
        if (token.FirstLower && ((context & PunktOrtho.Uc) != 0 || (context & PunktOrtho.BegLc) == 0))
            return Ortho.NotStarter;
        return Ortho.Unknown;
    }

    private int OrthoContext(string type) => Parameters.OrthoContext.TryGetValue(type, out int flags) ? flags : 0;

    // _realign_boundaries: closing quotes/brackets right after a break move to the end of the previous sentence.
    private static List<(int Start, int End)> RealignBoundaries(string text, List<(int Start, int End)> slices)
    {
        var result = new List<(int, int)>(slices.Count);
        int realign = 0;
        for (int i = 0; i < slices.Count; i++)
        {
            var (start1, end1) = (slices[i].Start + realign, slices[i].End);
            if (i + 1 == slices.Count)
            {
                if (end1 > start1)
                    result.Add((start1, end1));
                continue;
            }
            var next = slices[i + 1];
            if (TryMatchRealignment(text, next.Start, next.End, out int quoteLength, out int matchLength))
            {
                result.Add((start1, next.Start + quoteLength));
                realign = matchLength;
            }
            else
            {
                realign = 0;
                if (end1 > start1)
                    result.Add((start1, end1));
            }
        }
        return result;
    }

    // re_boundary_realignment = ["')\]}]+?(?:\s+|(?=--)|$) (MULTILINE), matched at the start of text[start:end].
    // quoteLength is len(m.group(0).rstrip()) (the quotes), matchLength is m.end().
    private static bool TryMatchRealignment(string text, int start, int end, out int quoteLength, out int matchLength)
    {
        quoteLength = matchLength = 0;
        for (int k = start; k < end && text[k] is '"' or '\'' or ')' or ']' or '}'; k++)
        {
            int after = k + 1; // lazy: the shortest run of closers that is followed by one of the three endings
            if (after < end && PyStr.IsSpace(text[after]))
            {
                int ws = after;
                while (ws < end && PyStr.IsSpace(text[ws]))
                    ws++;
                quoteLength = after - start;
                matchLength = ws - start;
                return true;
            }
            if ((after + 1 < end && text[after] == '-' && text[after + 1] == '-') || after == end)
            {
                quoteLength = matchLength = after - start;
                return true;
            }
        }
        return false;
    }
}
