using System.Text.Json;
using System.Text.Json.Nodes;
using Raif.Core.Jsonl;
using Raif.Modeling.Layers;
using Raif.Modeling.Runtime;
using Raif.Modeling.Tokenization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Raif.Modeling.Checkpoints;

/// <summary>How to write a checkpoint.</summary>
/// <param name="DType">Stored dtype; null keeps the module's dtype (as save_pretrained does).</param>
/// <param name="MaxShardBytes">Above this many bytes the weights are split into model-0000N-of-0000M shards plus an index (HF's default 5 GB).</param>
public sealed record CheckpointSaveOptions(ScalarType? DType = null, long MaxShardBytes = 5_000_000_000);

/// <summary>
/// Writes a model folder in HF layout: config.json, generation_config.json, model.safetensors (or shards with
/// model.safetensors.index.json) and the tokenizer files, each file atomically. A tied lm_head is not stored,
/// as transformers does not store it either.
/// </summary>
public static class CheckpointWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JsonlWriter.Options.Encoder };

    public static void Save(CausalLM model, HfTokenizer? tokenizer, GenerationConfig generation, string folder, CheckpointSaveOptions? options = null)
    {
        options ??= new CheckpointSaveOptions();
        var dtype = options.DType ?? model.DType;
        Directory.CreateDirectory(folder);

        var config = (JsonObject)model.Config.Json.DeepClone();
        config["architectures"] = new JsonArray(model.Config.ArchitectureClass);
        config["model_type"] = ModelConfigReader.ModelType(model.Config.Architecture);
        config["torch_dtype"] = ComputeTarget.ConfigName(dtype);
        WriteInterpretedFields(config, model.Config);
        AtomicFile.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString(Indented) + "\n");
        AtomicFile.WriteAllText(Path.Combine(folder, "generation_config.json"), generation.Json.ToJsonString(Indented) + "\n");

        WriteWeights(model, folder, dtype, options.MaxShardBytes);

        if (tokenizer is not null)
        {
            foreach (var (name, bytes) in tokenizer.Files)
                AtomicFile.WriteAllBytes(Path.Combine(folder, name), bytes);
        }
    }

    /// <summary>
    /// Writes every value Raif interpreted, defaults included, so that transformers (whose class defaults differ
    /// between families, e.g. Mistral's sliding_window 4096) reads the same model Raif ran.
    /// </summary>
    private static void WriteInterpretedFields(JsonObject json, ModelConfig c)
    {
        json["vocab_size"] = c.VocabSize;
        json["hidden_size"] = c.HiddenSize;
        json["intermediate_size"] = c.IntermediateSize;
        json["num_hidden_layers"] = c.NumHiddenLayers;
        json["num_attention_heads"] = c.NumAttentionHeads;
        json["num_key_value_heads"] = c.NumKeyValueHeads;
        json["head_dim"] = c.HeadDim;
        json["hidden_act"] = "silu";
        json["rms_norm_eps"] = c.RmsNormEps;
        json["rope_theta"] = c.RopeTheta;
        json["max_position_embeddings"] = c.MaxPositionEmbeddings;
        json["initializer_range"] = c.InitializerRange;
        json["tie_word_embeddings"] = c.TieWordEmbeddings;
        if (c.Architecture == ModelArchitecture.Mistral)
            json["sliding_window"] = c.LayerWindows.FirstOrDefault(w => w is not null) is int w ? JsonValue.Create(w) : null;
        if (c.Architecture == ModelArchitecture.Llama)
        {
            json["attention_bias"] = c.QkvBias;
            json["mlp_bias"] = c.MlpBias;
        }
    }

    private static void WriteWeights(CausalLM model, string folder, ScalarType dtype, long maxShardBytes)
    {
        var named = model.named_parameters().Select(p => (p.name, p.parameter)).ToList();
        long elementSize = dtype == ScalarType.Float32 ? 4 : 2;
        var shards = new List<List<(string Name, Parameter Param)>> { new() };
        long current = 0, total = 0;
        foreach (var (name, p) in named)
        {
            long bytes = p.NumberOfElements * elementSize;
            if (current > 0 && current + bytes > maxShardBytes)
            {
                shards.Add([]);
                current = 0;
            }
            shards[^1].Add((name, p));
            current += bytes;
            total += bytes;
        }

        string single = Path.Combine(folder, CheckpointReader.SingleFile);
        string index = Path.Combine(folder, CheckpointReader.IndexFile);
        var weightMap = new JsonObject();
        for (int s = 0; s < shards.Count; s++)
        {
            string file = shards.Count == 1 ? CheckpointReader.SingleFile : $"model-{s + 1:D5}-of-{shards.Count:D5}.safetensors";
            using var scope = NewDisposeScope();
            var tensors = shards[s].Select(p => KeyValuePair.Create(p.Name, (Tensor)p.Param.detach().to(dtype))).ToList();
            Safetensors.Write(Path.Combine(folder, file), tensors);
            foreach (var (name, _) in shards[s])
                weightMap[name] = file;
        }
        // Remove the other layout's leftovers so a reader never sees two checkpoints in one folder.
        if (shards.Count == 1)
        {
            if (File.Exists(index))
                File.Delete(index);
        }
        else
        {
            if (File.Exists(single))
                File.Delete(single);
            var json = new JsonObject { ["metadata"] = new JsonObject { ["total_size"] = total }, ["weight_map"] = weightMap };
            AtomicFile.WriteAllText(index, json.ToJsonString(Indented) + "\n");
        }
    }
}
