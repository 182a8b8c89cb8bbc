using System.CommandLine;
using Raif.Core.Jsonl;
using Raif.Modeling.Scoring;
using Spectre.Console;

namespace Raif.Cli.Commands;

/// <summary><c>raif score</c>: float32 log-probs of continuations after prompts, batched.</summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var model = new ModelCliOptions();
        var input = new Option<string>("--input", "-i") { Description = "JSONL with {\"prompt_ids\", \"continuation_ids\"} or {\"prompt\", \"continuation\"} per line.", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Output JSONL: {\"logprobs\": [...]} per input line.", Required = true };
        var batchSize = new Option<int>("--batch-size") { Description = "Sequences per forward pass.", DefaultValueFactory = _ => 8 };
        var command = new Command("score", "Log-probabilities (natural log, one per continuation token) of continuations after prompts.")
        {
            input, output, batchSize,
        };
        model.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            string file = parse.GetValue(input)!;
            using var lm = model.Load(parse);
            var pairs = new List<ScoringPair>();
            foreach (var line in JsonlReader.ReadLines(file, cancellationToken))
            {
                int[] prompt = Ids(line, "prompt_ids", "prompt", lm.Tokenizer.Encode, lm.Config.VocabSize);
                int[] continuation = Ids(line, "continuation_ids", "continuation", lm.Tokenizer.Encode, lm.Config.VocabSize);
                if (prompt.Length == 0)
                    throw line.Error(line.Value.TryGetProperty("prompt_ids", out _) ? "prompt_ids" : "prompt", "the prompt must have at least one token");
                pairs.Add(new ScoringPair(prompt, continuation));
            }
            var scores = lm.ScoreContinuations(pairs, parse.GetValue(batchSize), cancellationToken);
            using var writer = new JsonlWriter(parse.GetValue(output)!);
            foreach (var s in scores)
            {
                writer.Write(json =>
                {
                    json.WriteStartObject();
                    json.WriteStartArray("logprobs");
                    foreach (float lp in s)
                        json.WriteNumberValue(lp);
                    json.WriteEndArray();
                    json.WriteEndObject();
                });
            }
            writer.Commit();
            ModelCliOptions.Status(parse).MarkupLineInterpolated($"[grey]scored {pairs.Count} continuation(s)[/]");
            return Task.FromResult(0);
        });
        return command;
    }

    private static int[] Ids(JsonlLine line, string idsField, string textField, Func<string, int[]> encode, int vocab)
    {
        int[]? ids = line.OptionalIntArray(idsField);
        string? text = line.OptionalString(textField);
        if ((ids is null) == (text is null))
            throw line.Error(idsField, $"give exactly one of \"{idsField}\" or \"{textField}\"");
        if (ids is not null)
        {
            for (int i = 0; i < ids.Length; i++)
            {
                if (ids[i] < 0 || ids[i] >= vocab)
                    throw line.Error(idsField, $"element {i} ({ids[i]}) is outside the vocabulary (0..{vocab - 1})");
            }
            return ids;
        }
        return encode(text!);
    }
}
