using System.Text;
using System.Text.Json.Nodes;
using Raif.Modeling;
using Raif.Modeling.Checkpoints;
using Raif.Modeling.Tokenization;

namespace Raif.Server.Tests.Fixtures;

/// <summary>
/// A tiny random Qwen2 model in HF layout, written to a temp folder and loaded back through
/// <see cref="LanguageModel.Load"/>: byte-level tokenizer (ids 0-255) plus ChatML specials, so the chat template is
/// detected as qwen. Hidden 32, two layers, context 512.
/// </summary>
internal static class TinyModel
{
    public const int EndOfText = 256;
    public const int ImStart = 257;
    public const int ImEnd = 258;

    public static string Write(long seed)
    {
        string folder = Path.Combine(Path.GetTempPath(), "raif-server-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var files = new Dictionary<string, byte[]>
        {
            ["tokenizer.json"] = Encoding.UTF8.GetBytes(TokenizerJson()),
            ["tokenizer_config.json"] = Encoding.UTF8.GetBytes(new JsonObject
            {
                ["eos_token"] = "<|im_end|>",
                ["pad_token"] = "<|endoftext|>",
                ["chat_template"] = "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}",
            }.ToJsonString()),
        };
        var tokenizer = TokenizerLoader.FromFiles(files, "tiny/tokenizer.json");
        var config = ModelConfigReader.Parse(new JsonObject
        {
            ["architectures"] = new JsonArray("Qwen2ForCausalLM"),
            ["model_type"] = "qwen2",
            ["vocab_size"] = 259,
            ["hidden_size"] = 32,
            ["intermediate_size"] = 64,
            ["num_hidden_layers"] = 2,
            ["num_attention_heads"] = 4,
            ["num_key_value_heads"] = 2,
            ["max_position_embeddings"] = 512,
            ["tie_word_embeddings"] = true,
            ["initializer_range"] = 0.3,
            ["eos_token_id"] = ImEnd,
            ["torch_dtype"] = "float32",
        }, "tiny config.json");
        using var model = LanguageModel.CreateRandom(config, tokenizer, seed);
        model.Save(folder);
        return folder;
    }

    public static LanguageModel Load(long seed) => LanguageModel.Load(Write(seed));

    /// <summary>Byte-level BPE without merges: every UTF-8 byte is its own id; GPT-2's byte alphabet written out here.</summary>
    private static string TokenizerJson()
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
