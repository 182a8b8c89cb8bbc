using System.Text.Json.Nodes;
using Raif.Modeling.Checkpoints;
using Raif.Modeling.Tests.Fixtures;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Tests.Checkpoints;

public class CheckpointErrorTests
{
    private static void Rewrite(string folder, Action<Dictionary<string, Tensor>> change)
    {
        string file = Path.Combine(folder, "model.safetensors");
        using var scope = NewDisposeScope();
        var tensors = Safetensors.ReadAll(file);
        change(tensors);
        Safetensors.Write(file, tensors.ToList());
    }

    [Fact]
    public void A_missing_tensor_is_an_error_naming_it()
    {
        string folder = TinyModels.Write(TinyModels.Qwen2TiedConfig());
        Rewrite(folder, t => t.Remove("model.layers.1.self_attn.k_proj.bias"));
        var e = Assert.Throws<InvalidDataException>(() => LanguageModel.Load(folder));
        Assert.Contains("missing tensor 'model.layers.1.self_attn.k_proj.bias'", e.Message);
    }

    [Fact]
    public void A_mis_shaped_tensor_is_an_error_naming_it_and_both_shapes()
    {
        string folder = TinyModels.Write(TinyModels.LlamaConfig());
        Rewrite(folder, t => t["model.layers.0.mlp.up_proj.weight"] = zeros(48, 31));
        var e = Assert.Throws<InvalidDataException>(() => LanguageModel.Load(folder));
        Assert.Contains("'model.layers.0.mlp.up_proj.weight' has shape [48, 31], expected [48, 32]", e.Message);
    }

    [Fact]
    public void An_unexpected_tensor_is_an_error_naming_it()
    {
        string folder = TinyModels.Write(TinyModels.LlamaConfig());
        Rewrite(folder, t => t["model.layers.0.self_attn.q_norm.weight"] = ones(16));
        var e = Assert.Throws<InvalidDataException>(() => LanguageModel.Load(folder));
        Assert.Contains("unexpected tensor 'model.layers.0.self_attn.q_norm.weight'", e.Message);
    }

    [Fact]
    public void An_unknown_architecture_is_an_error_naming_it()
    {
        var config = TinyModels.Qwen2TiedConfig();
        config["architectures"] = new JsonArray("GPTNeoXForCausalLM");
        var e = Assert.Throws<InvalidDataException>(() => ModelConfigReader.Parse(config, "x/config.json"));
        Assert.Contains("GPTNeoXForCausalLM", e.Message);
        Assert.Contains("x/config.json", e.Message);
    }

    [Fact]
    public void A_missing_weights_file_and_bad_config_fields_name_the_problem()
    {
        string folder = TinyModels.Write(TinyModels.Qwen2TiedConfig());
        File.Delete(Path.Combine(folder, "model.safetensors"));
        var e = Assert.Throws<FileNotFoundException>(() => LanguageModel.Load(folder));
        Assert.Contains("model.safetensors", e.Message);

        var config = TinyModels.Qwen2TiedConfig();
        config["num_key_value_heads"] = 3;
        var bad = Assert.Throws<InvalidDataException>(() => ModelConfigReader.Parse(config, "c.json"));
        Assert.Contains("num_key_value_heads", bad.Message);

        config = TinyModels.Qwen2TiedConfig();
        config["rope_scaling"] = new JsonObject { ["rope_type"] = "yarn", ["factor"] = 4.0 };
        bad = Assert.Throws<InvalidDataException>(() => ModelConfigReader.Parse(config, "c.json"));
        Assert.Contains("yarn", bad.Message);
    }

    [Fact]
    public void Config_defaults_follow_transformers()
    {
        var config = TinyModels.LlamaConfig();
        config.Remove("head_dim");
        config.Remove("num_key_value_heads");
        config.Remove("tie_word_embeddings");
        var parsed = ModelConfigReader.Parse(config, "c.json");
        Assert.Equal(8, parsed.HeadDim);
        Assert.Equal(4, parsed.NumKeyValueHeads);
        Assert.False(parsed.TieWordEmbeddings);
        Assert.False(parsed.QkvBias);

        var qwen = ModelConfigReader.Parse(TinyModels.Qwen2TiedConfig(), "q.json");
        Assert.True(qwen.QkvBias);
        Assert.False(qwen.OutputBias);
        Assert.Equal(new[] { TinyTokenizer.ImEnd }, qwen.EosTokenIds);
    }
}
