using System.Text;
using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;

namespace Raif.Modeling.Tokenization;

/// <summary>
/// A HuggingFace byte-level BPE tokenizer read from <c>tokenizer.json</c> (Qwen2/2.5/3, DeepSeek-R1-Distill-Qwen,
/// Llama 3, Ministral/Tekken). Encoding splits out added tokens on the raw text, NFC-normalises the rest when the
/// file asks for it, runs the pre-tokenizer regex chain and byte-level BPE (Microsoft.ML.Tokenizers). Encoding never
/// adds BOS/EOS: prompts carry their own (spec §14). Decoding maps ids back to bytes and decodes UTF-8 with
/// replacement characters, optionally skipping special tokens.
/// </summary>
public sealed class HfTokenizer
{
    private readonly BpeTokenizer _bpe;
    private readonly Dictionary<int, string> _idToToken;
    private readonly Dictionary<string, int> _tokenToId;
    private readonly Dictionary<int, AddedToken> _addedById;
    private readonly AddedToken[] _addedByLength;
    private readonly bool _nfc;
    private readonly bool _cleanUpSpaces;

    internal HfTokenizer(
        BpeTokenizer bpe,
        Dictionary<string, int> vocab,
        IReadOnlyList<AddedToken> added,
        bool nfc,
        TokenizerSettings settings,
        IReadOnlyDictionary<string, byte[]> files)
    {
        _bpe = bpe;
        _tokenToId = new Dictionary<string, int>(vocab, StringComparer.Ordinal);
        _idToToken = new Dictionary<int, string>(vocab.Count + added.Count);
        foreach (var (token, id) in vocab)
            _idToToken[id] = token;
        _addedById = new Dictionary<int, AddedToken>();
        foreach (var a in added)
        {
            _addedById[a.Id] = a;
            _tokenToId[a.Content] = a.Id;
            _idToToken[a.Id] = a.Content;
        }
        // Longest first, so that of two added tokens starting at the same place the longer wins (HF's trie does).
        _addedByLength = [.. added.Where(a => a.Content.Length > 0).OrderByDescending(a => a.Content.Length)];
        AddedTokens = added;
        _nfc = nfc;
        Settings = settings;
        _cleanUpSpaces = settings.CleanUpTokenizationSpaces;
        Files = files;
        VocabSize = _idToToken.Count == 0 ? 0 : _idToToken.Keys.Max() + 1;
    }

    /// <summary>Token strings to ids, added tokens included.</summary>
    public IReadOnlyDictionary<string, int> Vocabulary => _tokenToId;

    public IReadOnlyList<AddedToken> AddedTokens { get; }

    /// <summary>Fields of <c>tokenizer_config.json</c> that matter here (special token strings, chat template).</summary>
    public TokenizerSettings Settings { get; }

    /// <summary>The tokenizer files as read (tokenizer.json, tokenizer_config.json, ...), written back unchanged on save.</summary>
    public IReadOnlyDictionary<string, byte[]> Files { get; }

    /// <summary>One more than the largest id.</summary>
    public int VocabSize { get; }

    public int? TokenToId(string token) => _tokenToId.TryGetValue(token, out int id) ? id : null;

    public string? IdToToken(int id) => _idToToken.GetValueOrDefault(id);

    public int? EosTokenId => Settings.EosToken is { } t ? TokenToId(t) : null;

    public int? PadTokenId => Settings.PadToken is { } t ? TokenToId(t) : null;

    public int? BosTokenId => Settings.BosToken is { } t ? TokenToId(t) : null;

    /// <summary>True when <paramref name="id"/> is an added token marked special.</summary>
    public bool IsSpecial(int id) => _addedById.TryGetValue(id, out var a) && a.Special;

    /// <summary>Encodes text to ids; added/special tokens written in the text become their ids; nothing is added.</summary>
    public int[] Encode(string text)
    {
        var ids = new List<int>(text.Length / 3 + 4);
        int at = 0;
        while (at < text.Length)
        {
            var (token, start) = NextAddedToken(text, at);
            int chunkEnd = token is null ? text.Length : start;
            int chunkStart = at;
            if (token is not null)
            {
                if (token.LStrip)
                {
                    while (chunkEnd > chunkStart && char.IsWhiteSpace(text[chunkEnd - 1]))
                        chunkEnd--;
                }
            }
            EncodeChunk(text.AsSpan(chunkStart, chunkEnd - chunkStart), ids);
            if (token is null)
                break;
            ids.Add(token.Id);
            at = start + token.Content.Length;
            if (token.RStrip)
            {
                while (at < text.Length && char.IsWhiteSpace(text[at]))
                    at++;
            }
        }
        return [.. ids];
    }

    private (AddedToken? Token, int Start) NextAddedToken(string text, int from)
    {
        AddedToken? best = null;
        int bestAt = int.MaxValue;
        foreach (var a in _addedByLength)
        {
            int at = text.IndexOf(a.Content, from, StringComparison.Ordinal);
            if (at >= 0 && at < bestAt)
            {
                best = a;
                bestAt = at;
            }
        }
        return (best, bestAt);
    }

    private void EncodeChunk(ReadOnlySpan<char> chunk, List<int> ids)
    {
        if (chunk.IsEmpty)
            return;
        string text = chunk.ToString();
        if (_nfc)
            text = text.Normalize(NormalizationForm.FormC);
        ids.AddRange(_bpe.EncodeToIds(text));
    }

    /// <summary>Decodes ids to text; with <paramref name="skipSpecialTokens"/> special added tokens are left out.</summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        var sb = new StringBuilder();
        var bytes = new List<byte>();
        foreach (int id in ids)
        {
            if (_addedById.TryGetValue(id, out var added))
            {
                if (added.Special && skipSpecialTokens)
                    continue;
                Flush(bytes, sb);
                sb.Append(added.Content);
                continue;
            }
            if (!_idToToken.TryGetValue(id, out var token))
                throw new ArgumentException($"token id {id} is not in the vocabulary (size {VocabSize})");
            foreach (char c in token)
            {
                if (ByteLevelAlphabet.CharToByte.TryGetValue(c, out byte b))
                    bytes.Add(b);
                else
                    bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }
        Flush(bytes, sb);
        string text = sb.ToString();
        return _cleanUpSpaces ? CleanUpTokenizationSpaces(text) : text;
    }

    private static void Flush(List<byte> bytes, StringBuilder sb)
    {
        if (bytes.Count == 0)
            return;
        sb.Append(Encoding.UTF8.GetString(bytes.ToArray()));
        bytes.Clear();
    }

    /// <summary>transformers' <c>clean_up_tokenization</c>, applied when tokenizer_config asks for it (Llama 3 does).</summary>
    private static string CleanUpTokenizationSpaces(string text) => text
        .Replace(" .", ".", StringComparison.Ordinal)
        .Replace(" ?", "?", StringComparison.Ordinal)
        .Replace(" !", "!", StringComparison.Ordinal)
        .Replace(" ,", ",", StringComparison.Ordinal)
        .Replace(" ' ", "'", StringComparison.Ordinal)
        .Replace(" n't", "n't", StringComparison.Ordinal)
        .Replace(" 'm", "'m", StringComparison.Ordinal)
        .Replace(" 's", "'s", StringComparison.Ordinal)
        .Replace(" 've", "'ve", StringComparison.Ordinal)
        .Replace(" 're", "'re", StringComparison.Ordinal);
}

/// <summary>What Raif reads from <c>tokenizer_config.json</c> (and a <c>chat_template.jinja</c> beside it).</summary>
public sealed record TokenizerSettings(
    string? BosToken,
    string? EosToken,
    string? PadToken,
    string? ChatTemplate,
    bool CleanUpTokenizationSpaces)
{
    public static readonly TokenizerSettings Empty = new(null, null, null, null, false);

    internal static TokenizerSettings From(JsonObject? config, string? chatTemplateFile)
    {
        if (config is null)
            return Empty with { ChatTemplate = chatTemplateFile };
        string? template = config["chat_template"] switch
        {
            JsonValue v when v.TryGetValue(out string? s) => s,
            // A list of named templates: take "default".
            JsonArray list => list.OfType<JsonObject>().FirstOrDefault(o => (string?)o["name"] == "default")?["template"]?.GetValue<string>(),
            _ => null,
        };
        return new TokenizerSettings(
            TokenString(config["bos_token"]),
            TokenString(config["eos_token"]),
            TokenString(config["pad_token"]),
            template ?? chatTemplateFile,
            config["clean_up_tokenization_spaces"] is JsonValue c && c.TryGetValue(out bool clean) && clean);
    }

    private static string? TokenString(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue(out string? s) => s,
        JsonObject o => (string?)o["content"],
        _ => null,
    };
}
