using Raif.Verifiers.IfEval;
using Spectre.Console;

namespace Raif.Cli.Commands;

/// <summary>Spectre tables for IFEval-style scores (IFEval, IFBench): overall accuracies, then per category and per
/// instruction id, and the checks that raise in the reference code.</summary>
internal static class IfevalReport
{
    public static IAnsiConsole Console(TextWriter writer) =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });

    public static void Print(IAnsiConsole console, IfevalScores strict, IfevalScores loose, string benchmark = "IFEval")
    {
        var overall = new Table().Title($"{benchmark} accuracy").AddColumns("mode", "prompt-level", "instruction-level");
        overall.AddRow("strict", Format(strict.Overall.PromptLevel, strict.Overall.PromptCorrect, strict.Overall.PromptTotal),
            Format(strict.Overall.InstructionLevel, strict.Overall.InstructionCorrect, strict.Overall.InstructionTotal));
        overall.AddRow("loose", Format(loose.Overall.PromptLevel, loose.Overall.PromptCorrect, loose.Overall.PromptTotal),
            Format(loose.Overall.InstructionLevel, loose.Overall.InstructionCorrect, loose.Overall.InstructionTotal));
        console.Write(overall);
        console.Write(ByKey("by category", strict.ByCategory, loose.ByCategory));
        console.Write(ByKey("by instruction id", strict.ById, loose.ById));
    }

    /// <summary>Lists the checks that raise in the reference code (IndexError, ZeroDivisionError, csv.Error), which
    /// count as not followed; prints nothing when there are none.</summary>
    public static void PrintRaised(IAnsiConsole console, IReadOnlyList<(string Key, RaisedCheck Check)> raised)
    {
        if (raised.Count == 0)
            return;
        var table = new Table().Title($"{raised.Count} checks raise in the reference code (counted as not followed)")
            .AddColumns("key", "instruction", "mode", "error");
        foreach (var (key, check) in raised)
            table.AddRow(Markup.Escape(key), Markup.Escape(check.InstructionId), check.Loose ? "loose" : "strict", Markup.Escape(check.Error));
        console.Write(table);
    }

    private static Table ByKey(string title, IReadOnlyList<IfevalIdAccuracy> strict, IReadOnlyList<IfevalIdAccuracy> loose)
    {
        var table = new Table().Title(title).AddColumns("id", "n", "strict", "loose");
        var looseById = loose.ToDictionary(a => a.Id, StringComparer.Ordinal);
        foreach (var s in strict)
        {
            var l = looseById[s.Id];
            table.AddRow(Markup.Escape(s.Id), s.Total.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Percent(s.Accuracy), Percent(l.Accuracy));
        }
        return table;
    }

    private static string Format(double value, int correct, int total) =>
        FormattableString.Invariant($"{100 * value:F2}% ({correct}/{total})");

    private static string Percent(double value) => FormattableString.Invariant($"{100 * value:F2}%");
}
