using System.Text.Json;
using System.Text.Json.Nodes;

namespace Raif.Modeling.Checkpoints;

/// <summary>
/// <c>generation_config.json</c>: the defaults HF's <c>generate()</c> uses when the caller does not say otherwise
/// (end-of-sequence ids, sampling settings, repetition penalty). Missing fields take transformers' defaults.
/// </summary>
public sealed record GenerationConfig
{
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];
    public int? BosTokenId { get; init; }
    public int? PadTokenId { get; init; }
    public bool DoSample { get; init; }
    public double Temperature { get; init; } = 1.0;
    public double TopP { get; init; } = 1.0;
    /// <summary>transformers defaults top_k to 50 when sampling; 0 disables it.</summary>
    public int TopK { get; init; } = 50;
    public double RepetitionPenalty { get; init; } = 1.0;
    public JsonObject Json { get; init; } = new();

    /// <summary>The file's values, or the model config's token ids when the file is absent (as transformers does).</summary>
    public static GenerationConfig Read(string folder, ModelConfig model)
    {
        string path = Path.Combine(folder, "generation_config.json");
        if (!File.Exists(path))
            return FromModel(model);
        JsonObject json;
        try
        {
            json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"{path}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e);
        }
        return Parse(json, path, model);
    }

    public static GenerationConfig FromModel(ModelConfig model)
    {
        var json = new JsonObject();
        if (model.BosTokenId is { } bos)
            json["bos_token_id"] = bos;
        if (model.EosTokenIds.Count == 1)
            json["eos_token_id"] = model.EosTokenIds[0];
        else if (model.EosTokenIds.Count > 1)
            json["eos_token_id"] = new JsonArray(model.EosTokenIds.Select(i => (JsonNode)i).ToArray());
        if (model.PadTokenId is { } pad)
            json["pad_token_id"] = pad;
        return new GenerationConfig { EosTokenIds = model.EosTokenIds, BosTokenId = model.BosTokenId, PadTokenId = model.PadTokenId, Json = json };
    }

    public static GenerationConfig Parse(JsonObject json, string source, ModelConfig model)
    {
        T? Get<T>(string field)
            where T : struct
        {
            if (json[field] is null)
                return null;
            try
            {
                return json[field]!.GetValue<T>();
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"{source}: field '{field}': expected a {typeof(T).Name.ToLowerInvariant()}, found {json[field]!.ToJsonString()}");
            }
        }
        IReadOnlyList<int> eos = json["eos_token_id"] switch
        {
            JsonArray a => a.Select(n => n!.GetValue<int>()).ToArray(),
            JsonValue => [Get<int>("eos_token_id")!.Value],
            _ => model.EosTokenIds,
        };
        return new GenerationConfig
        {
            EosTokenIds = eos,
            BosTokenId = Get<int>("bos_token_id") ?? model.BosTokenId,
            PadTokenId = Get<int>("pad_token_id") ?? model.PadTokenId,
            DoSample = Get<bool>("do_sample") ?? false,
            Temperature = Get<double>("temperature") ?? 1.0,
            TopP = Get<double>("top_p") ?? 1.0,
            TopK = Get<int>("top_k") ?? 50,
            RepetitionPenalty = Get<double>("repetition_penalty") ?? 1.0,
            Json = json,
        };
    }
}
