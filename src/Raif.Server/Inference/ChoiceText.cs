using Raif.Modeling.Generation;
using Raif.Modeling.Tokenization;

namespace Raif.Server.Inference;

/// <summary>
/// One choice being generated: its tokens, log-probs and text. Finds OpenAI stop strings (the text ends before
/// the first one; the token that completed it is the last counted), and releases text for streaming only once it
/// is final: not the start of a multi-byte character still being generated, not a possible beginning of a stop
/// string. Text is decoded incrementally from the last character boundary (byte-level BPE decodes piecewise).
/// </summary>
internal sealed class ChoiceText
{
    private readonly HfTokenizer _tokenizer;
    private readonly bool _skipSpecialTokens;
    private readonly IReadOnlyList<string> _stops;
    private readonly int _longestStop;
    private string _stable = "";
    private int _stableTokens;
    private string _text = "";
    private int _released;

    public ChoiceText(HfTokenizer tokenizer, bool skipSpecialTokens, IReadOnlyList<string> stops)
    {
        _tokenizer = tokenizer;
        _skipSpecialTokens = skipSpecialTokens;
        _stops = [.. stops.Where(s => s.Length > 0)];
        _longestStop = _stops.Count == 0 ? 0 : _stops.Max(s => s.Length);
    }

    public List<int> Tokens { get; } = [];

    public List<float> LogProbs { get; } = [];

    public List<TokenLogProb[]?> Alternatives { get; } = [];

    /// <summary>True once a stop string was found; later tokens are ignored.</summary>
    public bool StopStringHit { get; private set; }

    public FinishReason? Finished { get; private set; }

    /// <summary>The text so far (final once finished): cut before the first stop string.</summary>
    public string Text => _text;

    /// <summary>Adds a generated token; returns the text that became final (possibly empty).</summary>
    public string Add(int tokenId, float logProb, TokenLogProb[]? alternatives)
    {
        if (StopStringHit || Finished is not null)
            return "";
        Tokens.Add(tokenId);
        LogProbs.Add(logProb);
        Alternatives.Add(alternatives);
        string tail = TokenText.Decode(_tokenizer, Tokens.Skip(_stableTokens), _skipSpecialTokens);
        bool partial = tail.EndsWith('\uFFFD');
        _text = _stable + tail;
        if (!partial)
        {
            _stable = _text;
            _stableTokens = Tokens.Count;
        }
        if (_stops.Count > 0)
        {
            int from = Math.Max(0, _released - _longestStop);
            int cut = FirstStop(_text, from);
            if (cut >= 0)
            {
                StopStringHit = true;
                _text = _text[..cut];
                return Release(_text.Length);
            }
        }
        int safe = _text.Length;
        if (partial)
        {
            while (safe > _released && _text[safe - 1] == '\uFFFD')
                safe--;
        }
        safe -= HeldForStop(_text, safe);
        return Release(safe);
    }

    /// <summary>Marks the choice finished; returns the rest of the text. A stop string found counts as "stop".</summary>
    public string Finish(FinishReason reason)
    {
        Finished ??= StopStringHit ? FinishReason.Stop : reason;
        return Release(_text.Length);
    }

    private string Release(int upTo)
    {
        if (upTo <= _released)
            return "";
        string delta = _text[_released..upTo];
        _released = upTo;
        return delta;
    }

    private int FirstStop(string text, int from)
    {
        int best = -1;
        foreach (var stop in _stops)
        {
            int at = text.IndexOf(stop, from, StringComparison.Ordinal);
            if (at >= 0 && (best < 0 || at < best))
                best = at;
        }
        return best;
    }

    // How many characters at the end of text[..end] could be the beginning of a stop string.
    private int HeldForStop(string text, int end)
    {
        for (int length = Math.Min(_longestStop - 1, end - _released); length > 0; length--)
        {
            var suffix = text.AsSpan(end - length, length);
            foreach (var stop in _stops)
            {
                if (stop.AsSpan().StartsWith(suffix, StringComparison.Ordinal))
                    return length;
            }
        }
        return 0;
    }
}
