using System.Text.Json;
using System.Text.Json.Nodes;
using Raif.Modeling.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Checkpoints;

/// <summary>
/// Fills a <see cref="CausalLM"/> from <c>model.safetensors</c> or a sharded checkpoint
/// (<c>model.safetensors.index.json</c>). Every parameter must be present with its exact shape and every stored
/// tensor must belong to a parameter; anything else is an error naming the tensor. Stored F32/BF16/F16 values
/// are cast to the module's dtype (BF16/F16 to float32 is exact).
/// </summary>
public static class CheckpointReader
{
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    /// <summary>Where each stored tensor is: file path and header entry.</summary>
    public static Dictionary<string, (string File, SafetensorsEntry Entry)> Index(string folder)
    {
        var result = new Dictionary<string, (string, SafetensorsEntry)>(StringComparer.Ordinal);
        string single = Path.Combine(folder, SingleFile);
        string index = Path.Combine(folder, IndexFile);
        IEnumerable<string> files;
        if (File.Exists(index))
        {
            JsonObject json;
            try
            {
                json = JsonNode.Parse(File.ReadAllText(index)) as JsonObject ?? throw new InvalidDataException($"{index}: expected a JSON object");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{index}: not valid JSON ({e.Message})", e);
            }
            if (json["weight_map"] is not JsonObject map)
                throw new InvalidDataException($"{index}: field 'weight_map': missing");
            files = map.Select(p => (string)p.Value!).Distinct(StringComparer.Ordinal).Select(f => Path.Combine(folder, f)).ToList();
            foreach (var f in files)
            {
                if (!File.Exists(f))
                    throw new FileNotFoundException($"{index}: shard {Path.GetFileName(f)} is missing", f);
            }
        }
        else if (File.Exists(single))
        {
            files = [single];
        }
        else
        {
            string hint = File.Exists(Path.Combine(folder, "pytorch_model.bin")) ? " (pytorch_model.bin is not supported; convert it to safetensors)" : "";
            throw new FileNotFoundException($"{folder}: neither {SingleFile} nor {IndexFile} found{hint}", single);
        }
        foreach (var file in files)
        {
            foreach (var entry in Safetensors.ReadHeader(file))
            {
                if (!result.TryAdd(entry.Name, (file, entry)))
                    throw new InvalidDataException($"{file}: tensor '{entry.Name}' is stored twice (also in {Path.GetFileName(result[entry.Name].Item1)})");
            }
        }
        return result;
    }

    /// <summary>Copies the checkpoint in <paramref name="folder"/> into <paramref name="model"/>'s parameters.</summary>
    public static void Load(CausalLM model, string folder, IProgress<string>? progress = null)
    {
        var stored = Index(folder);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        foreach (var name in parameters.Keys)
        {
            if (!stored.ContainsKey(name))
                throw new InvalidDataException($"{folder}: missing tensor '{name}' (expected {Safetensors.Shape(parameters[name].shape)})");
        }
        foreach (var (name, (file, entry)) in stored)
        {
            if (parameters.TryGetValue(name, out var p))
            {
                if (!entry.Shape.SequenceEqual(p.shape))
                    throw new InvalidDataException($"{file}: tensor '{name}' has shape {Safetensors.Shape(entry.Shape)}, expected {Safetensors.Shape(p.shape)}");
            }
            else if (!IsIgnorable(name, model.Config))
            {
                throw new InvalidDataException($"{file}: unexpected tensor '{name}' ({model.Config.ArchitectureClass} has no such parameter)");
            }
        }
        using var noGrad = no_grad();
        foreach (var group in stored.Where(s => parameters.ContainsKey(s.Key)).GroupBy(s => s.Value.File))
        {
            using var stream = File.OpenRead(group.Key);
            foreach (var (name, (file, entry)) in group)
            {
                using var scope = NewDisposeScope();
                var tensor = Safetensors.ReadTensor(stream, entry, file);
                parameters[name].copy_(tensor);
                progress?.Report(name);
            }
        }
    }

    /// <summary>
    /// Tensors transformers itself ignores: the rotary inverse-frequency buffers of old checkpoints, and a stored
    /// lm_head.weight when the head is tied to the embeddings.
    /// </summary>
    private static bool IsIgnorable(string name, ModelConfig config) =>
        name.EndsWith(".rotary_emb.inv_freq", StringComparison.Ordinal)
        || (config.TieWordEmbeddings && name == "lm_head.weight");
}
