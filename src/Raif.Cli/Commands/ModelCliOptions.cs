using System.CommandLine;
using Raif.Modeling;
using Raif.Modeling.Runtime;
using Spectre.Console;

namespace Raif.Cli.Commands;

/// <summary>The options every model verb shares (--model, --device, --dtype, --threads) and how they load a model.</summary>
internal sealed class ModelCliOptions
{
    public Option<string> Model { get; } = new("--model", "-m") { Description = "HF model folder (config.json, model.safetensors, tokenizer.json).", Required = true };

    public Option<string> Device { get; } = new("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };

    public Option<string?> DType { get; } = new("--dtype") { Description = "Compute dtype: float32 (CPU default), bfloat16 or float16." };

    public Option<int?> Threads { get; } = new("--threads") { Description = "CPU threads for libtorch (default: libtorch's choice)." };

    public void AddTo(Command command)
    {
        command.Add(Model);
        command.Add(Device);
        command.Add(DType);
        command.Add(Threads);
    }

    public LanguageModel Load(ParseResult parse)
    {
        if (parse.GetValue(Threads) is { } threads)
            TorchRuntime.SetThreads(threads);
        string? dtype = parse.GetValue(DType);
        var options = new ModelLoadOptions(parse.GetValue(Device)!, dtype is null ? null : ComputeTarget.ParseDType(dtype));
        return LanguageModel.Load(parse.GetValue(Model)!, options);
    }

    /// <summary>Status lines go to stderr so that stdout stays clean JSONL.</summary>
    public static IAnsiConsole Status(ParseResult parse) =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(parse.InvocationConfiguration.Error) });
}
