using System.CommandLine;
using System.Text;
using System.Text.Json;
using Raif.Core.Jsonl;
using Raif.Core.Responses;
using Raif.Core.Templates;

namespace Raif.Cli.Commands;

/// <summary><c>raif format validate|render</c>: the reasoning-format rules of spec §5 from the shell.</summary>
internal static class FormatCommand
{
    public static Command Create()
    {
        var command = new Command("format", "Render RAIF prompts and check <think>/<answer> responses against the format rules.");
        command.Add(CreateValidate());
        command.Add(CreateRender());
        return command;
    }

    private static Option<string> TemplateOption(bool required) => new("--template", "-t")
    {
        Description = $"Chat template: {string.Join(", ", ChatTemplates.Names)}.",
        Required = required,
    };

    private static Command CreateValidate()
    {
        var template = TemplateOption(required: true);
        template.AcceptOnlyFromAmong([.. ChatTemplates.Names]);
        var command = new Command(
            "validate",
            "Read a full decoded sequence (rendered prompt + generated text) on stdin; print {valid, think, answer, reason} as one JSON line.")
        {
            template,
        };
        command.SetAction(parse =>
        {
            string text = ReadAllStdin();
            var analysis = FormatAnalysis.Analyze(text, ChatTemplates.Get(parse.GetValue(template)!));
            parse.InvocationConfiguration.Output.WriteLine(ToJson(analysis));
            return 0;
        });
        return command;
    }

    private static Command CreateRender()
    {
        var template = TemplateOption(required: true);
        template.AcceptOnlyFromAmong([.. ChatTemplates.Names]);
        var cot = new Option<bool>("--cot") { Description = "Use the CoT-trigger system prompt (the default); --system becomes its task definition." };
        var noCot = new Option<bool>("--no-cot") { Description = "Render the reasoning-free variant that ends in an empty <think>\\n\\n</think>\\n block." };
        var system = new Option<string?>("--system", "-s") { Description = "System message text." };
        var user = new Option<string>("--user", "-u") { Description = "User message text.", Required = true };
        var command = new Command("render", "Print a rendered RAIF prompt ending with the pre-filled <think>.")
        {
            template, cot, noCot, system, user,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(cot) && parse.GetValue(noCot))
                throw new CliUsageException("--cot and --no-cot exclude each other");
            var chat = ChatTemplates.Get(parse.GetValue(template)!);
            string? sys = parse.GetValue(system);
            string prompt = chat.RenderPrompt(CotTrigger.SystemPrompt(sys), parse.GetValue(user)!);
            if (parse.GetValue(noCot))
                prompt = ThinkPrefill.MakeNoCot(prompt);
            parse.InvocationConfiguration.Output.Write(prompt);
            return 0;
        });
        return command;
    }

    private static string ReadAllStdin()
    {
        using var stdin = Console.OpenStandardInput();
        using var reader = new StreamReader(stdin, new UTF8Encoding(false));
        return reader.ReadToEnd();
    }

    internal static string ToJson(FormatAnalysis analysis)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonlWriter.Options.Encoder }))
        {
            json.WriteStartObject();
            json.WriteBoolean("valid", analysis.Valid);
            WriteNullable(json, "think", analysis.Think);
            WriteNullable(json, "answer", analysis.Answer);
            json.WriteString("reason", analysis.Reason);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
            json.WriteNull(name);
        else
            json.WriteString(name, value);
    }
}
