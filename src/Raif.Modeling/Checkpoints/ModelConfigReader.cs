using System.Text.Json;
using System.Text.Json.Nodes;

namespace Raif.Modeling.Checkpoints;

/// <summary>Reads <c>config.json</c> with HF's defaults; anything Raif cannot run is an error that names the field.</summary>
public static class ModelConfigReader
{
    private static readonly Dictionary<string, ModelArchitecture> ByClass = new(StringComparer.Ordinal)
    {
        ["Qwen2ForCausalLM"] = ModelArchitecture.Qwen2,
        ["LlamaForCausalLM"] = ModelArchitecture.Llama,
        ["MistralForCausalLM"] = ModelArchitecture.Mistral,
    };

    private static readonly Dictionary<string, ModelArchitecture> ByModelType = new(StringComparer.Ordinal)
    {
        ["qwen2"] = ModelArchitecture.Qwen2,
        ["llama"] = ModelArchitecture.Llama,
        ["mistral"] = ModelArchitecture.Mistral,
    };

    /// <summary>The supported <c>architectures</c> values, for errors and help.</summary>
    public static IEnumerable<string> SupportedClasses => ByClass.Keys;

    public static string ClassName(ModelArchitecture architecture) =>
        ByClass.First(p => p.Value == architecture).Key;

    public static string ModelType(ModelArchitecture architecture) =>
        ByModelType.First(p => p.Value == architecture).Key;

    /// <summary>Parses an architecture given on the command line (qwen2, llama, mistral).</summary>
    public static ModelArchitecture ParseArchitecture(string name) =>
        ByModelType.TryGetValue(name.ToLowerInvariant(), out var a) ? a
        : ByClass.TryGetValue(name, out a) ? a
        : throw new ArgumentException($"unknown architecture '{name}'; supported: {string.Join(", ", ByModelType.Keys)}");

    public static ModelConfig Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: file not found", path);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e);
        }
        if (node is not JsonObject json)
            throw new InvalidDataException($"{path}: expected a JSON object");
        return Parse(json, path);
    }

    /// <summary>
    /// Parses a config object. <paramref name="forced"/> sets the architecture (and writes <c>architectures</c> /
    /// <c>model_type</c> into the JSON) for configs that do not name one, as <c>raif model init</c> does.
    /// </summary>
    public static ModelConfig Parse(JsonObject json, string source, ModelArchitecture? forced = null)
    {
        var f = new Fields(json, source);
        ModelArchitecture architecture = forced ?? DetectArchitecture(f);
        if (forced is { } a)
        {
            json["architectures"] = new JsonArray(ClassName(a));
            json["model_type"] = ModelType(a);
        }

        string act = f.String("hidden_act") ?? "silu";
        if (act != "silu")
            throw f.Error("hidden_act", $"'{act}' is not supported (only silu)");

        int hidden = f.RequiredInt("hidden_size");
        int heads = f.RequiredInt("num_attention_heads");
        int kvHeads = f.Int("num_key_value_heads") ?? heads;
        if (heads <= 0 || kvHeads <= 0 || heads % kvHeads != 0)
            throw f.Error("num_key_value_heads", $"{kvHeads} must divide num_attention_heads ({heads})");
        int headDim = f.Int("head_dim") ?? (hidden % heads == 0 ? hidden / heads : throw f.Error("hidden_size", $"{hidden} is not a multiple of num_attention_heads ({heads}) and head_dim is not given"));
        if (headDim % 2 != 0)
            throw f.Error("head_dim", $"{headDim} must be even for rotary embeddings");
        int layers = f.RequiredInt("num_hidden_layers");

        bool attentionBias = f.Bool("attention_bias") ?? false;
        bool qkvBias = architecture switch
        {
            ModelArchitecture.Qwen2 => true,
            ModelArchitecture.Llama => attentionBias,
            _ => false,
        };
        bool outBias = architecture == ModelArchitecture.Llama && attentionBias;
        bool mlpBias = architecture == ModelArchitecture.Llama && (f.Bool("mlp_bias") ?? false);

        var windows = new int?[layers];
        // MistralConfig defaults sliding_window to 4096 when the key is absent; an explicit null means none.
        if (architecture == ModelArchitecture.Mistral && (json.ContainsKey("sliding_window") ? f.Int("sliding_window") : 4096) is { } w)
            Array.Fill(windows, w);
        if (architecture == ModelArchitecture.Qwen2 && (f.Bool("use_sliding_window") ?? false) && f.Int("sliding_window") is { } qw)
        {
            // transformers: layers from max_window_layers on use the window.
            int from = f.Int("max_window_layers") ?? layers;
            for (int i = from; i < layers; i++)
                windows[i] = qw;
        }

        return new ModelConfig
        {
            Architecture = architecture,
            VocabSize = f.RequiredInt("vocab_size"),
            HiddenSize = hidden,
            IntermediateSize = f.RequiredInt("intermediate_size"),
            NumHiddenLayers = layers,
            NumAttentionHeads = heads,
            NumKeyValueHeads = kvHeads,
            HeadDim = headDim,
            RmsNormEps = f.Double("rms_norm_eps") ?? 1e-6,
            RopeTheta = f.Double("rope_theta") ?? 10000.0,
            RopeScaling = ParseRopeScaling(f),
            TieWordEmbeddings = f.Bool("tie_word_embeddings") ?? false, // Qwen2Config, LlamaConfig and MistralConfig all default to untied.
            QkvBias = qkvBias,
            OutputBias = outBias,
            MlpBias = mlpBias,
            MaxPositionEmbeddings = f.Int("max_position_embeddings") ?? 32768,
            InitializerRange = f.Double("initializer_range") ?? 0.02,
            BosTokenId = f.Int("bos_token_id"),
            EosTokenIds = f.IntOrList("eos_token_id"),
            PadTokenId = f.Int("pad_token_id"),
            LayerWindows = windows,
            TorchDtype = f.String("torch_dtype") ?? f.String("dtype"),
            Json = json,
        };
    }

    private static ModelArchitecture DetectArchitecture(Fields f)
    {
        if (f.Json["architectures"] is JsonArray { Count: > 0 } list)
        {
            string name = list[0]?.GetValue<string>() ?? "";
            return ByClass.TryGetValue(name, out var a)
                ? a
                : throw f.Error("architectures", $"unsupported architecture '{name}'; supported: {string.Join(", ", ByClass.Keys)}");
        }
        string? type = f.String("model_type");
        if (type is null)
            throw f.Error("architectures", "missing (and no model_type either)");
        return ByModelType.TryGetValue(type, out var t)
            ? t
            : throw f.Error("model_type", $"unsupported architecture '{type}'; supported: {string.Join(", ", ByModelType.Keys)}");
    }

    private static RopeScaling? ParseRopeScaling(Fields f)
    {
        if (f.Json["rope_scaling"] is not JsonObject rs)
            return null;
        var sub = new Fields(rs, f.Source + " rope_scaling");
        string type = sub.String("rope_type") ?? sub.String("type") ?? "default";
        return type switch
        {
            "default" => null,
            "linear" => new RopeScaling(type, sub.Double("factor") ?? throw sub.Error("factor", "missing")),
            "llama3" => new RopeScaling(
                type,
                sub.Double("factor") ?? throw sub.Error("factor", "missing"),
                sub.Double("low_freq_factor") ?? throw sub.Error("low_freq_factor", "missing"),
                sub.Double("high_freq_factor") ?? throw sub.Error("high_freq_factor", "missing"),
                sub.Int("original_max_position_embeddings") ?? throw sub.Error("original_max_position_embeddings", "missing")),
            _ => throw f.Error("rope_scaling", $"rope type '{type}' is not supported (default, linear, llama3)"),
        };
    }

    /// <summary>Typed access to config fields with errors that name the file and field.</summary>
    private sealed class Fields(JsonObject json, string source)
    {
        public JsonObject Json => json;

        public string Source => source;

        public InvalidDataException Error(string field, string problem) => new($"{source}: field '{field}': {problem}");

        private JsonValue? Value(string field) => json[field] switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.Null => null,
            JsonValue v => v,
            _ => throw Error(field, "expected a single value"),
        };

        public int? Int(string field)
        {
            var v = Value(field);
            if (v is null)
                return null;
            if (v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out int i))
                return i;
            if (v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue)
                return (int)d;
            throw Error(field, $"expected an integer, found {v.ToJsonString()}");
        }

        public int RequiredInt(string field) => Int(field) ?? throw Error(field, "missing");

        public double? Double(string field)
        {
            var v = Value(field);
            if (v is null)
                return null;
            return v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out double d) ? d : throw Error(field, $"expected a number, found {v.ToJsonString()}");
        }

        public bool? Bool(string field)
        {
            var v = Value(field);
            if (v is null)
                return null;
            return v.GetValueKind() switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Error(field, $"expected true or false, found {v.ToJsonString()}"),
            };
        }

        public string? String(string field)
        {
            var v = Value(field);
            if (v is null)
                return null;
            return v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Error(field, $"expected a string, found {v.ToJsonString()}");
        }

        public IReadOnlyList<int> IntOrList(string field)
        {
            if (json[field] is JsonArray array)
            {
                var ids = new List<int>();
                foreach (var item in array)
                {
                    if (item is JsonValue iv && iv.TryGetValue(out int id))
                        ids.Add(id);
                    else
                        throw Error(field, $"expected integers, found {item?.ToJsonString() ?? "null"}");
                }
                return ids;
            }
            return Int(field) is { } one ? [one] : [];
        }
    }
}
