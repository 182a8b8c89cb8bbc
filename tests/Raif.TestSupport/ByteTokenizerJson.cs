using System.Text.Json.Nodes;

namespace Raif.TestSupport;

/// <summary>
/// tokenizer.json of a byte-level BPE without merges: every UTF-8 byte is its own id (0-255), plus the ChatML
/// specials <c>&lt;|endoftext|&gt;</c> 256, <c>&lt;|im_start|&gt;</c> 257 and <c>&lt;|im_end|&gt;</c> 258. GPT-2's byte
/// alphabet is written out here rather than taken from Raif.Modeling, so fixtures do not lean on the code they exercise.
/// </summary>
public static class ByteTokenizerJson
{
    public const int EndOfText = 256;
    public const int ImStart = 257;
    public const int ImEnd = 258;

    public static string Create()
    {
        var printable = Enumerable.Range('!', '~' - '!' + 1).Concat(Enumerable.Range(0xA1, 12)).Concat(Enumerable.Range(0xAE, 0xFF - 0xAE + 1)).ToHashSet();
        var vocab = new JsonObject();
        int n = 0;
        for (int b = 0; b < 256; b++)
            vocab[((char)(printable.Contains(b) ? b : 256 + n++)).ToString()] = b;
        JsonObject Added(int id, string content) => new() { ["id"] = id, ["content"] = content, ["special"] = true, ["normalized"] = false };
        return new JsonObject
        {
            ["added_tokens"] = new JsonArray(Added(EndOfText, "<|endoftext|>"), Added(ImStart, "<|im_start|>"), Added(ImEnd, "<|im_end|>")),
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["use_regex"] = true },
            ["decoder"] = new JsonObject { ["type"] = "ByteLevel" },
            ["model"] = new JsonObject { ["type"] = "BPE", ["vocab"] = vocab, ["merges"] = new JsonArray() },
        }.ToJsonString();
    }
}
