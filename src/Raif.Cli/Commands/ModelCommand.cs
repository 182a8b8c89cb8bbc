using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Raif.Modeling;
using Raif.Modeling.Checkpoints;
using Raif.Modeling.Runtime;
using Raif.Modeling.Tokenization;

namespace Raif.Cli.Commands;

/// <summary><c>raif model init</c>: a random-weight model in HF layout (tests, demos, the built-in preset).</summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var command = new Command("model", "Create and inspect HF model folders.");
        command.Add(CreateInit());
        return command;
    }

    private static Command CreateInit()
    {
        var architecture = new Option<string>("--architecture", "-a") { Description = "qwen2, llama or mistral.", Required = true };
        var config = new Option<string>("--config", "-c") { Description = "config.json-style file (hidden_size, num_hidden_layers, ...); vocab_size defaults to the tokenizer's.", Required = true };
        var tokenizer = new Option<string>("--tokenizer", "-t") { Description = "tokenizer.json (tokenizer_config.json beside it is copied too).", Required = true };
        var seed = new Option<long>("--seed") { Description = "Seed of the initialisation.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out", "-o") { Description = "Folder to write.", Required = true };
        var dtype = new Option<string?>("--dtype") { Description = "Stored dtype: float32 (default), bfloat16 or float16." };
        var command = new Command("init", "Write a randomly initialised model (transformers' init) with the given config and tokenizer.")
        {
            architecture, config, tokenizer, seed, output, dtype,
        };
        command.SetAction(parse =>
        {
            var arch = ModelConfigReader.ParseArchitecture(parse.GetValue(architecture)!);
            string configPath = parse.GetValue(config)!;
            if (!File.Exists(configPath))
                throw new FileNotFoundException($"{configPath}: file not found", configPath);
            JsonObject json;
            try
            {
                json = JsonNode.Parse(File.ReadAllText(configPath)) as JsonObject ?? throw new InvalidDataException($"{configPath}: expected a JSON object");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{configPath}: not valid JSON ({e.Message})", e);
            }
            var tok = TokenizerLoader.Load(parse.GetValue(tokenizer)!);
            json["vocab_size"] ??= tok.VocabSize;
            if (json["eos_token_id"] is null && tok.EosTokenId is { } eos)
                json["eos_token_id"] = eos;
            var parsed = ModelConfigReader.Parse(json, configPath, arch);
            string? stored = parse.GetValue(dtype);
            using var model = LanguageModel.CreateRandom(parsed, tok, parse.GetValue(seed));
            string folder = parse.GetValue(output)!;
            model.Save(folder, new CheckpointSaveOptions(stored is null ? null : ComputeTarget.ParseDType(stored)));
            parse.InvocationConfiguration.Output.WriteLine(
                $"wrote {parsed.ArchitectureClass} with {parsed.ParameterCount():N0} parameters to {folder}");
            return 0;
        });
        return command;
    }
}
