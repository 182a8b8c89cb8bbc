using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Core.Templates;
using Raif.Modeling;
using Raif.Modeling.Generation;
using Spectre.Console;

namespace Raif.Cli.Commands;

/// <summary><c>raif generate</c>: batched generation from a local model, one JSONL line per prompt in input order.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var model = new ModelCliOptions();
        var prompt = new Option<string?>("--prompt", "-p") { Description = "One prompt text." };
        var promptsFile = new Option<string?>("--prompts-file") { Description = "JSONL with {\"text\": ...} or {\"ids\": [...]} per line." };
        var chat = new Option<bool>("--chat") { Description = "Wrap text prompts as a user turn in the model's chat template (with the assistant header)." };
        var template = new Option<string?>("--template") { Description = $"Chat template for --chat when the model's family is not recognised: {string.Join(", ", ChatTemplates.Names)}." };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Tokens to generate at most per prompt.", DefaultValueFactory = _ => 256 };
        var greedy = new Option<bool>("--greedy") { Description = "Greedy decoding (argmax)." };
        var temperature = new Option<double?>("--temperature") { Description = "Sampling temperature (sampling if given)." };
        var topP = new Option<double?>("--top-p") { Description = "Nucleus sampling mass (sampling if given)." };
        var topK = new Option<int?>("--top-k") { Description = "Keep the k most likely tokens, 0 = off (sampling if given)." };
        var repetition = new Option<double?>("--repetition-penalty") { Description = "transformers' repetition penalty (default: generation_config.json, else 1)." };
        var seed = new Option<ulong?>("--seed") { Description = "Sampling seed (reproducible runs)." };
        var ignoreEos = new Option<bool>("--ignore-eos") { Description = "Do not stop at end-of-sequence tokens." };
        var stop = new Option<string[]>("--stop") { Description = "Stop string (repeatable).", AllowMultipleArgumentsPerToken = false };
        var batchSize = new Option<int?>("--batch-size") { Description = "Prompts per batch (default: all at once, left-padded)." };
        var output = new Option<string?>("--output", "-o") { Description = "Output JSONL (default: stdout)." };
        var command = new Command("generate", "Generate continuations with a local HF model (batched, KV cache, greedy or sampled, with log-probs).")
        {
            prompt, promptsFile, chat, template, maxNew, greedy, temperature, topP, topK, repetition, seed, ignoreEos, stop, batchSize, output,
        };
        model.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            string? text = parse.GetValue(prompt);
            string? file = parse.GetValue(promptsFile);
            if ((text is null) == (file is null))
                throw new CliUsageException("give exactly one of --prompt or --prompts-file");
            bool sampleFlags = parse.GetValue(temperature) is not null || parse.GetValue(topP) is not null || parse.GetValue(topK) is not null;
            if (parse.GetValue(greedy) && sampleFlags)
                throw new CliUsageException("--greedy excludes --temperature, --top-p and --top-k");
            if (parse.GetValue(batchSize) is < 1)
                throw new CliUsageException("--batch-size must be at least 1");
            var inputs = file is null ? [new PromptInput(text, null, "--prompt", 0)] : ReadPrompts(file, cancellationToken);

            using var lm = model.Load(parse);
            ChatTemplate? chatTemplate = null;
            if (parse.GetValue(chat))
            {
                string? name = parse.GetValue(template);
                chatTemplate = lm.RequireChatTemplate(name is null ? null : ChatTemplates.Get(name));
            }
            var prompts = inputs.Select(p => ToIds(p, lm, chatTemplate)).ToList();

            var defaults = lm.DefaultGenerationOptions(parse.GetValue(maxNew));
            var sampling = defaults.Sampling;
            if (parse.GetValue(greedy))
                sampling = sampling with { DoSample = false };
            if (sampleFlags)
            {
                sampling = sampling with
                {
                    DoSample = true,
                    Temperature = parse.GetValue(temperature) ?? sampling.Temperature,
                    TopP = parse.GetValue(topP) ?? sampling.TopP,
                    TopK = parse.GetValue(topK) ?? sampling.TopK,
                };
            }
            if (parse.GetValue(repetition) is { } r)
                sampling = sampling with { RepetitionPenalty = r };
            var options = defaults with
            {
                Sampling = sampling,
                Seed = parse.GetValue(seed),
                IgnoreEos = parse.GetValue(ignoreEos),
                StopStrings = parse.GetValue(stop) ?? [],
            };

            var watch = Stopwatch.StartNew();
            int size = parse.GetValue(batchSize) ?? prompts.Count;
            var results = new List<GeneratedSequence>(prompts.Count);
            for (int start = 0; start < prompts.Count; start += size)
                results.AddRange(lm.Generate(prompts.Skip(start).Take(size).ToList(), options, cancellationToken));
            watch.Stop();

            string? outputFile = parse.GetValue(output);
            if (outputFile is null)
            {
                foreach (var result in results)
                    parse.InvocationConfiguration.Output.WriteLine(ToJsonLine(result, lm));
            }
            else
            {
                using var writer = new JsonlWriter(outputFile);
                foreach (var result in results)
                    writer.Write(json => WriteResult(json, result, lm));
                writer.Commit();
            }
            int tokens = results.Sum(r => r.TokenIds.Length);
            ModelCliOptions.Status(parse).MarkupLineInterpolated(
                $"[grey]generated {tokens} tokens for {results.Count} prompt(s) in {watch.Elapsed.TotalSeconds:F1} s ({tokens / Math.Max(1e-9, watch.Elapsed.TotalSeconds):F1} tokens/s)[/]");
            return Task.FromResult(0);
        });
        return command;
    }

    private sealed record PromptInput(string? Text, int[]? Ids, string File, long Line);

    private static List<PromptInput> ReadPrompts(string file, CancellationToken cancellationToken)
    {
        var list = new List<PromptInput>();
        foreach (var line in JsonlReader.ReadLines(file, cancellationToken))
        {
            string? text = line.OptionalString("text");
            int[]? ids = line.OptionalIntArray("ids");
            if ((text is null) == (ids is null))
                throw line.Error(text is null ? "text" : "ids", "give exactly one of \"text\" or \"ids\"");
            if (ids is { Length: 0 })
                throw line.Error("ids", "empty prompt");
            list.Add(new PromptInput(text, ids, file, line.LineNumber));
        }
        if (list.Count == 0)
            throw new CliUsageException($"{file}: no prompts");
        return list;
    }

    private static int[] ToIds(PromptInput input, LanguageModel lm, ChatTemplate? chat)
    {
        if (input.Ids is { } ids)
        {
            for (int i = 0; i < ids.Length; i++)
            {
                if (ids[i] < 0 || ids[i] >= lm.Config.VocabSize)
                    throw new JsonlException(input.File, input.Line, "ids", $"element {i} ({ids[i]}) is outside the vocabulary (0..{lm.Config.VocabSize - 1})");
            }
            return ids;
        }
        string text = chat is null ? input.Text! : chat.Render([ChatTurn.User(input.Text!)], RenderEnding.GenerationPrompt);
        var encoded = lm.Tokenizer.Encode(text);
        if (encoded.Length == 0)
            throw input.Line == 0 ? new CliUsageException("--prompt: empty prompt") : new JsonlException(input.File, input.Line, "text", "empty prompt");
        return encoded;
    }

    private static void WriteResult(Utf8JsonWriter json, GeneratedSequence result, LanguageModel lm)
    {
        json.WriteStartObject();
        json.WriteStartArray("ids");
        foreach (int id in result.TokenIds)
            json.WriteNumberValue(id);
        json.WriteEndArray();
        json.WriteString("text", lm.Tokenizer.Decode(result.TokenIds));
        json.WriteString("finish_reason", result.FinishReason == FinishReason.Stop ? "stop" : "length");
        json.WriteStartArray("logprobs");
        foreach (float lp in result.LogProbs)
            json.WriteNumberValue(lp);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string ToJsonLine(GeneratedSequence result, LanguageModel lm)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonlWriter.Options.Encoder }))
            WriteResult(json, result, lm);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
