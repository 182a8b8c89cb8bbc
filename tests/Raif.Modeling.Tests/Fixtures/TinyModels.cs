using System.Text.Json.Nodes;
using Raif.Modeling.Checkpoints;
using Raif.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Tests.Fixtures;

/// <summary>
/// Tiny random checkpoints in HF layout, written to a temporary folder and then loaded through the same
/// <see cref="LanguageModel.Load"/> path users run. Hidden 32, two layers, vocab 272.
/// </summary>
internal static class TinyModels
{
    /// <summary>Qwen2 with grouped-query attention (4 heads, 2 kv heads), q/k/v biases and tied embeddings, stored F32.</summary>
    public static JsonObject Qwen2TiedConfig() => new()
    {
        ["architectures"] = new JsonArray("Qwen2ForCausalLM"),
        ["model_type"] = "qwen2",
        ["vocab_size"] = TinyTokenizer.VocabSize,
        ["hidden_size"] = 32,
        ["intermediate_size"] = 64,
        ["num_hidden_layers"] = 2,
        ["num_attention_heads"] = 4,
        ["num_key_value_heads"] = 2,
        ["max_position_embeddings"] = 512,
        ["rms_norm_eps"] = 1e-6,
        ["rope_theta"] = 10000.0,
        ["tie_word_embeddings"] = true,
        ["hidden_act"] = "silu",
        ["initializer_range"] = 0.2,
        ["bos_token_id"] = TinyTokenizer.EndOfText,
        ["eos_token_id"] = TinyTokenizer.ImEnd,
        ["torch_dtype"] = "float32",
    };

    /// <summary>
    /// Qwen2 (8 heads, 2 kv heads, biases) wide enough that a decoding step runs its projections through
    /// <see cref="Layers.MatrixVectorKernel"/> and <see cref="Layers.FusedProjection"/>: hidden 512, so q/o are
    /// 512 x 512 (the kernel's minimum size), the fused q/k/v 768 x 512 and the fused gate/up 1024 x 512.
    /// </summary>
    public static JsonObject Qwen2WideConfig()
    {
        var c = Qwen2TiedConfig();
        c["hidden_size"] = 512;
        c["intermediate_size"] = 512;
        c["num_attention_heads"] = 8;
        c["num_key_value_heads"] = 2;
        c["initializer_range"] = 0.05;
        return c;
    }

    /// <summary>Qwen2 with an untied lm_head, meant to be stored as BF16.</summary>
    public static JsonObject Qwen2UntiedConfig()
    {
        var c = Qwen2TiedConfig();
        c["tie_word_embeddings"] = false;
        c["torch_dtype"] = "bfloat16";
        c["eos_token_id"] = new JsonArray(TinyTokenizer.ImEnd, TinyTokenizer.EndOfText);
        return c;
    }

    /// <summary>Llama with one kv head, an explicit head_dim that differs from hidden/heads, and llama3 RoPE scaling.</summary>
    public static JsonObject LlamaConfig() => new()
    {
        ["architectures"] = new JsonArray("LlamaForCausalLM"),
        ["model_type"] = "llama",
        ["vocab_size"] = TinyTokenizer.VocabSize,
        ["hidden_size"] = 32,
        ["intermediate_size"] = 48,
        ["num_hidden_layers"] = 2,
        ["num_attention_heads"] = 4,
        ["num_key_value_heads"] = 1,
        ["head_dim"] = 16,
        ["max_position_embeddings"] = 1024,
        ["rms_norm_eps"] = 1e-5,
        ["rope_theta"] = 500000.0,
        ["rope_scaling"] = new JsonObject
        {
            ["rope_type"] = "llama3", ["factor"] = 8.0, ["low_freq_factor"] = 1.0, ["high_freq_factor"] = 4.0,
            ["original_max_position_embeddings"] = 64,
        },
        ["tie_word_embeddings"] = false,
        ["attention_bias"] = false,
        ["mlp_bias"] = false,
        ["hidden_act"] = "silu",
        ["initializer_range"] = 0.2,
        ["bos_token_id"] = TinyTokenizer.EndOfText,
        ["eos_token_id"] = TinyTokenizer.ImEnd,
    };

    /// <summary>Mistral with a sliding window of 4 positions.</summary>
    public static JsonObject MistralConfig() => new()
    {
        ["architectures"] = new JsonArray("MistralForCausalLM"),
        ["model_type"] = "mistral",
        ["vocab_size"] = TinyTokenizer.VocabSize,
        ["hidden_size"] = 32,
        ["intermediate_size"] = 64,
        ["num_hidden_layers"] = 2,
        ["num_attention_heads"] = 4,
        ["num_key_value_heads"] = 2,
        ["sliding_window"] = 4,
        ["rope_theta"] = 10000.0,
        ["hidden_act"] = "silu",
        ["initializer_range"] = 0.2,
        ["eos_token_id"] = TinyTokenizer.ImEnd,
    };

    /// <summary>Builds a random model from <paramref name="config"/> and saves it in HF layout under a new temp folder.</summary>
    public static string Write(JsonObject config, long seed = 1, ScalarType? storedDType = null, long maxShardBytes = 5_000_000_000)
    {
        TorchRuntime.EnsureAvailable();
        string folder = TempFolder.Create();
        var parsed = ModelConfigReader.Parse(config, "test config.json");
        using var model = LanguageModel.CreateRandom(parsed, TinyTokenizer.Create(), seed);
        model.Save(folder, new CheckpointSaveOptions(storedDType, maxShardBytes));
        return folder;
    }

    public static LanguageModel Load(JsonObject config, long seed = 1, ScalarType? storedDType = null) =>
        LanguageModel.Load(Write(config, seed, storedDType));
}

internal static class TempFolder
{
    public static string Create()
    {
        string path = Path.Combine(Path.GetTempPath(), "raif-modeling-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
