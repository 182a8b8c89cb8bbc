using System.Text;
using System.Text.Json.Nodes;
using Raif.Modeling.Tokenization;

namespace Raif.Modeling.Tests.Fixtures;

/// <summary>
/// A small byte-level BPE tokenizer in tokenizer.json form: the 256 byte symbols (ids 0-255), a handful of
/// merges, Qwen's pre-tokenizer regex with NFC, and ChatML special tokens. Enough to exercise every code path
/// with models of vocab 272.
/// </summary>
internal static class TinyTokenizer
{
    public const int VocabSize = 272;
    public const int EndOfText = 264;
    public const int ImStart = 265;
    public const int ImEnd = 266;

    private const string QwenPattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private static readonly (string A, string B)[] Merges =
        [("Ġ", "t"), ("h", "e"), ("i", "n"), ("Ġt", "he"), ("e", "r"), ("Ġ", "a"), ("o", "n"), ("Y", "E")];

    public static JsonObject Json(bool mergesAsPairs = false, string normalizer = "NFC")
    {
        var vocab = new JsonObject();
        var alphabet = ByteAlphabet();
        for (int b = 0; b < 256; b++)
            vocab[alphabet[b].ToString()] = b;
        int id = 256;
        foreach (var (a, c) in Merges)
            vocab[a + c] = id++;
        var merges = new JsonArray(Merges.Select(m => mergesAsPairs ? (JsonNode)new JsonArray(m.A, m.B) : m.A + " " + m.B).ToArray());
        JsonObject Added(int i, string content, bool special) => new()
        {
            ["id"] = i, ["content"] = content, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false,
            ["normalized"] = false, ["special"] = special,
        };
        return new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(Added(EndOfText, "<|endoftext|>", true), Added(ImStart, "<|im_start|>", true), Added(ImEnd, "<|im_end|>", true), Added(267, "<think>", false)),
            ["normalizer"] = new JsonObject { ["type"] = normalizer },
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = QwenPattern }, ["behavior"] = "Isolated", ["invert"] = false },
                    new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = false, ["use_regex"] = false }),
            },
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel" },
            ["model"] = new JsonObject { ["type"] = "BPE", ["vocab"] = vocab, ["merges"] = merges },
        };
    }

    public static JsonObject Config() => new()
    {
        ["bos_token"] = null,
        ["eos_token"] = "<|im_end|>",
        ["pad_token"] = "<|endoftext|>",
        ["chat_template"] = "{% for message in messages %}<|im_start|>{{ message.role }}\n{{ message.content }}<|im_end|>\n{% endfor %}",
    };

    public static Dictionary<string, byte[]> Files(bool mergesAsPairs = false) => new()
    {
        ["tokenizer.json"] = Encoding.UTF8.GetBytes(Json(mergesAsPairs).ToJsonString()),
        ["tokenizer_config.json"] = Encoding.UTF8.GetBytes(Config().ToJsonString()),
    };

    public static HfTokenizer Create(bool mergesAsPairs = false) => TokenizerLoader.FromFiles(Files(mergesAsPairs), "tiny/tokenizer.json");

    /// <summary>GPT-2's byte-to-unicode table, written out independently of the code under test.</summary>
    private static char[] ByteAlphabet()
    {
        var printable = Enumerable.Range('!', '~' - '!' + 1).Concat(Enumerable.Range(0xA1, 0xAC - 0xA1 + 1)).Concat(Enumerable.Range(0xAE, 0xFF - 0xAE + 1)).ToHashSet();
        var map = new char[256];
        int n = 0;
        for (int b = 0; b < 256; b++)
            map[b] = printable.Contains(b) ? (char)b : (char)(256 + n++);
        return map;
    }
}
