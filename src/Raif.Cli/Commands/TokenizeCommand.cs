using System.CommandLine;
using Raif.Core.Jsonl;
using Raif.Modeling.Tokenization;

namespace Raif.Cli.Commands;

/// <summary><c>raif tokenize</c>: text to token ids with a model's tokenizer.json (no special tokens added).</summary>
internal static class TokenizeCommand
{
    public static Command Create()
    {
        var modelDir = new Option<string>("--model", "-m") { Description = "HF model folder (only tokenizer.json and tokenizer_config.json are read).", Required = true };
        var input = new Option<string>("--input", "-i") { Description = "JSONL with {\"text\": ...} per line.", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Output JSONL: {\"ids\": [...]} per input line.", Required = true };
        var command = new Command("tokenize", "Token ids of texts; special tokens written in the text are recognised, none are added.")
        {
            modelDir, input, output,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var tokenizer = TokenizerLoader.LoadFolder(parse.GetValue(modelDir)!);
            using var writer = new JsonlWriter(parse.GetValue(output)!);
            foreach (var line in JsonlReader.ReadLines(parse.GetValue(input)!, cancellationToken))
            {
                var ids = tokenizer.Encode(line.RequiredString("text"));
                writer.Write(json =>
                {
                    json.WriteStartObject();
                    json.WriteStartArray("ids");
                    foreach (int id in ids)
                        json.WriteNumberValue(id);
                    json.WriteEndArray();
                    json.WriteEndObject();
                });
            }
            writer.Commit();
            return Task.FromResult(0);
        });
        return command;
    }
}
