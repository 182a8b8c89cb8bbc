using System.Text;
using System.Text.Json.Nodes;
using Raif.Modeling;
using Raif.Modeling.Checkpoints;
using Raif.Modeling.Tokenization;

namespace Raif.TestSupport;

/// <summary>
/// A tiny random Qwen2 model in HF layout, written to a folder and loaded back through <see cref="LanguageModel.Load"/>:
/// byte-level tokenizer (ids 0-255, <see cref="ByteTokenizerJson"/>) plus ChatML specials, so the chat template is
/// detected as qwen. Hidden 32, two layers, context 512 unless a test needs longer prompts (one token per UTF-8 byte).
/// </summary>
public static class TinyModel
{
    public const int EndOfText = ByteTokenizerJson.EndOfText;
    public const int ImStart = ByteTokenizerJson.ImStart;
    public const int ImEnd = ByteTokenizerJson.ImEnd;

    /// <summary>Writes the model under a new temporary folder and returns that folder.</summary>
    public static string Write(long seed, int contextLength = 512) =>
        Write(Path.Combine(Path.GetTempPath(), "raif-tiny-models", Guid.NewGuid().ToString("N")), seed, contextLength);

    /// <summary>Writes the model into <paramref name="folder"/> (created if missing) and returns it.</summary>
    public static string Write(string folder, long seed, int contextLength = 512)
    {
        Directory.CreateDirectory(folder);
        var files = new Dictionary<string, byte[]>
        {
            ["tokenizer.json"] = Encoding.UTF8.GetBytes(ByteTokenizerJson.Create()),
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
            ["max_position_embeddings"] = contextLength,
            ["tie_word_embeddings"] = true,
            ["initializer_range"] = 0.3,
            ["eos_token_id"] = ImEnd,
            ["torch_dtype"] = "float32",
        }, "tiny config.json");
        using var model = LanguageModel.CreateRandom(config, tokenizer, seed);
        model.Save(folder);
        return folder;
    }

    public static LanguageModel Load(long seed, int contextLength = 512) => LanguageModel.Load(Write(seed, contextLength));
}
