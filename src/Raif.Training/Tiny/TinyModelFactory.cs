using System.Text.Json.Nodes;
using Raif.Core.Jsonl;
using Raif.Core.Templates;
using Raif.Modeling;
using Raif.Modeling.Checkpoints;
using Raif.Modeling.Tokenization;

namespace Raif.Training.Tiny;

/// <summary>Size of the built-in preset's model (a Qwen2-architecture decoder with grouped-query attention).</summary>
public sealed record TinyModelShape(int HiddenSize = 128, int Layers = 4, int Heads = 4, int KeyValueHeads = 2, int IntermediateSize = 352, int Merges = 700);

/// <summary>
/// Builds the preset's tokenizer (byte-level BPE trained on the world) and a random-weight Qwen2 model in HF layout,
/// then loads it through the same path as any downloaded checkpoint.
/// </summary>
public static class TinyModelFactory
{
    /// <summary>Writes tokenizer.json, tokenizer_config.json and config.json to <paramref name="folder"/>; returns the tokenizer.</summary>
    public static HfTokenizer WriteTokenizerAndConfig(TinyWorld world, TinyModelShape shape, string folder)
    {
        Directory.CreateDirectory(folder);
        var corpus = world.Training.SelectMany(t => new[] { t.Prompt(ChatTemplates.Qwen), t.ExpertCompletion, t.ExpertAnswer });
        string tokenizerJson = TinyTokenizerTrainer.Train(corpus, shape.Merges);
        AtomicFile.WriteAllText(Path.Combine(folder, "tokenizer.json"), tokenizerJson);
        AtomicFile.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), TinyTokenizerTrainer.TokenizerConfig());
        var tokenizer = TokenizerLoader.LoadFolder(folder);
        int eos = tokenizer.TokenToId("<|im_end|>")!.Value;
        int pad = tokenizer.TokenToId("<|endoftext|>")!.Value;
        var config = new JsonObject
        {
            ["architectures"] = new JsonArray("Qwen2ForCausalLM"),
            ["model_type"] = "qwen2",
            // Exactly the tokenizer size: padding rows could be sampled and would decode to nothing.
            ["vocab_size"] = tokenizer.VocabSize,
            ["hidden_size"] = shape.HiddenSize,
            ["intermediate_size"] = shape.IntermediateSize,
            ["num_hidden_layers"] = shape.Layers,
            ["num_attention_heads"] = shape.Heads,
            ["num_key_value_heads"] = shape.KeyValueHeads,
            ["hidden_act"] = "silu",
            ["max_position_embeddings"] = 1024,
            ["rms_norm_eps"] = 1e-6,
            ["rope_theta"] = 10000.0,
            ["tie_word_embeddings"] = true,
            ["initializer_range"] = 0.02,
            ["bos_token_id"] = pad,
            ["eos_token_id"] = eos,
            ["pad_token_id"] = pad,
            ["use_sliding_window"] = false,
            ["torch_dtype"] = "float32",
        };
        AtomicFile.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return tokenizer;
    }

    /// <summary>A random-weight model for the world (seeded), created from the files written to <paramref name="folder"/>.</summary>
    public static LanguageModel CreateRandom(TinyWorld world, TinyModelShape shape, string folder, int seed)
    {
        var tokenizer = WriteTokenizerAndConfig(world, shape, folder);
        var config = ModelConfigReader.Read(Path.Combine(folder, "config.json"));
        return LanguageModel.CreateRandom(config, tokenizer, seed);
    }
}
