using System.Text.Json.Nodes;
using Raif.Modeling.Checkpoints;
using Raif.Modeling.Tests.Fixtures;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Tests.Checkpoints;

public class CheckpointRoundTripTests
{
    private static Dictionary<string, byte[]> ParameterBytes(LanguageModel model) =>
        model.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().cpu().contiguous().bytes.ToArray());

    public static TheoryData<string> Configs() => new() { "qwen2-tied", "qwen2-untied", "llama", "mistral" };

    private static JsonObject ConfigFor(string name) => name switch
    {
        "qwen2-tied" => TinyModels.Qwen2TiedConfig(),
        "qwen2-untied" => TinyModels.Qwen2UntiedConfig(),
        "llama" => TinyModels.LlamaConfig(),
        _ => TinyModels.MistralConfig(),
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void Save_then_load_reproduces_every_parameter_bit_for_bit(string name)
    {
        string first = TinyModels.Write(ConfigFor(name), seed: 7);
        using var loaded = LanguageModel.Load(first);
        string second = TempFolder.Create();
        loaded.Save(second);
        using var reloaded = LanguageModel.Load(second);

        var a = ParameterBytes(loaded);
        var b = ParameterBytes(reloaded);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var key in a.Keys)
            Assert.True(a[key].AsSpan().SequenceEqual(b[key]), $"{key} differs after save/load");
        Assert.Equal(File.ReadAllBytes(Path.Combine(first, "model.safetensors")), File.ReadAllBytes(Path.Combine(second, "model.safetensors")));
    }

    [Fact]
    public void A_tied_checkpoint_stores_no_lm_head_and_projects_with_the_embeddings()
    {
        string folder = TinyModels.Write(TinyModels.Qwen2TiedConfig());
        var names = Safetensors.ReadHeader(Path.Combine(folder, "model.safetensors")).Select(e => e.Name).ToList();
        Assert.DoesNotContain("lm_head.weight", names);
        Assert.Contains("model.layers.1.self_attn.q_proj.bias", names);
        Assert.DoesNotContain("model.layers.1.self_attn.o_proj.bias", names);
        Assert.Equal(2 * 12 + 2, names.Count); // per layer: 2 norms, q/k/v/o weights, q/k/v biases, 3 mlp weights; plus embed and norm

        using var model = LanguageModel.Load(folder);
        using var scope = NewDisposeScope();
        var hidden = randn(1, 3, 32);
        var expected = matmul(hidden, model.Module.named_parameters().Single(p => p.name == "model.embed_tokens.weight").parameter.t());
        Assert.True(allclose(expected, model.Module.Logits(hidden), 1e-5, 1e-6));
    }

    [Fact]
    public void Bf16_weights_load_exactly_into_float32_and_save_back_to_the_same_bytes()
    {
        string folder = TinyModels.Write(TinyModels.Qwen2UntiedConfig(), storedDType: ScalarType.BFloat16);
        var header = Safetensors.ReadHeader(Path.Combine(folder, "model.safetensors"));
        Assert.All(header, e => Assert.Equal("BF16", e.DType));
        Assert.Contains(header, e => e.Name == "lm_head.weight");

        using var model = LanguageModel.Load(folder);
        Assert.Equal(ScalarType.Float32, model.Module.DType);
        using (NewDisposeScope())
        {
            var stored = Safetensors.ReadAll(Path.Combine(folder, "model.safetensors"));
            foreach (var (name, p) in model.Module.named_parameters())
                Assert.True(stored[name].to(ScalarType.Float32).eq(p.detach()).all().item<bool>(), $"{name}: BF16 upcast is not exact");
        }
        string again = TempFolder.Create();
        model.Save(again, new CheckpointSaveOptions(ScalarType.BFloat16));
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "model.safetensors")), File.ReadAllBytes(Path.Combine(again, "model.safetensors")));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(again, "config.json")))!;
        Assert.Equal("bfloat16", (string?)config["torch_dtype"]);
    }

    [Fact]
    public void A_sharded_checkpoint_with_an_index_loads_like_the_single_file()
    {
        string single = TinyModels.Write(TinyModels.LlamaConfig(), seed: 3);
        string sharded = TinyModels.Write(TinyModels.LlamaConfig(), seed: 3, maxShardBytes: 20_000);
        Assert.False(File.Exists(Path.Combine(sharded, "model.safetensors")));
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(sharded, "model.safetensors.index.json")))!;
        var shardFiles = index["weight_map"]!.AsObject().Select(p => (string)p.Value!).Distinct().ToList();
        Assert.True(shardFiles.Count > 2);
        Assert.All(shardFiles, f => Assert.Matches(@"^model-\d{5}-of-\d{5}\.safetensors$", f));

        using var a = LanguageModel.Load(single);
        using var b = LanguageModel.Load(sharded);
        var pa = ParameterBytes(a);
        var pb = ParameterBytes(b);
        foreach (var key in pa.Keys)
            Assert.True(pa[key].AsSpan().SequenceEqual(pb[key]), key);
    }

    [Fact]
    public void Saved_folder_has_the_hf_files_with_their_fields()
    {
        string folder = TinyModels.Write(TinyModels.Qwen2UntiedConfig());
        foreach (var file in new[] { "config.json", "generation_config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json" })
            Assert.True(File.Exists(Path.Combine(folder, file)), file);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!;
        Assert.Equal("Qwen2ForCausalLM", (string?)config["architectures"]![0]);
        Assert.Equal("qwen2", (string?)config["model_type"]);
        Assert.Equal("float32", (string?)config["torch_dtype"]);
        var generation = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "generation_config.json")))!;
        Assert.Equal(new[] { TinyTokenizer.ImEnd, TinyTokenizer.EndOfText }, generation["eos_token_id"]!.AsArray().Select(n => (int)n!));

        using var model = LanguageModel.Load(folder);
        Assert.Equal(new[] { TinyTokenizer.ImEnd, TinyTokenizer.EndOfText }, model.Config.EosTokenIds);
        Assert.Equal(new[] { TinyTokenizer.ImEnd, TinyTokenizer.EndOfText }, model.GenerationConfig.EosTokenIds);
        Assert.Equal("qwen", model.ChatTemplate?.Name);
    }
    [Fact]
    public void F16_weights_load_and_round_trip_too()
    {
        string folder = TinyModels.Write(TinyModels.LlamaConfig(), storedDType: ScalarType.Float16);
        Assert.All(Safetensors.ReadHeader(Path.Combine(folder, "model.safetensors")), e => Assert.Equal("F16", e.DType));
        using var model = LanguageModel.Load(folder);
        string again = TempFolder.Create();
        model.Save(again, new CheckpointSaveOptions(ScalarType.Float16));
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "model.safetensors")), File.ReadAllBytes(Path.Combine(again, "model.safetensors")));
    }

    [Fact]
    public void Saved_config_states_the_values_raif_used_so_family_defaults_cannot_differ()
    {
        var config = TinyModels.MistralConfig();
        config.Remove("sliding_window"); // MistralConfig's default is 4096
        config.Remove("rms_norm_eps");
        string folder = TinyModels.Write(config);
        var saved = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!;
        Assert.Equal(4096, (int)saved["sliding_window"]!);
        Assert.Equal(1e-6, (double)saved["rms_norm_eps"]!);
        Assert.Equal(8, (int)saved["head_dim"]!);

        var none = TinyModels.MistralConfig();
        none["sliding_window"] = null;
        var parsed = ModelConfigReader.Parse(none, "m.json");
        Assert.All(parsed.LayerWindows, w => Assert.Null(w));
    }
}
