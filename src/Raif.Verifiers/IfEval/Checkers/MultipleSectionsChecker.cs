using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Raif.Core.Text;
using Raif.Verifiers.Python;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary>
/// <c>detectable_format:multiple_sections</c>: the number of pieces of a split on <c>\s?SPLITTER\s?\d+\s?</c> minus
/// one (that is, the number of matches) is at least <c>num_sections</c>. The (stripped) splitter is part of a Python
/// regex, case-sensitive.
/// </summary>
internal sealed class MultipleSectionsChecker(Regex? builtIn, DataPattern? pattern, long minimum) : IInstructionChecker
{
    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options)
    {
        const string id = IfevalIds.MultipleSections;
        var args = new InstructionArgs(id, kwargs, "section_spliter", "num_sections");
        string splitter = PyStr.Strip(args.String("section_spliter"));
        long minimum = args.Int("num_sections");
        if (PyPattern.IsLiteral(splitter))
            return new MultipleSectionsChecker(LiteralSplitters.Count < 4096 ? LiteralSplitters.GetOrAdd(splitter, Build) : Build(splitter), null, minimum);
        var pattern = DataPattern.Create(id, "section_spliter", @"\s?" + splitter + @"\s?\d+\s?", RegexOptions.None, options.PatternTimeout);
        return new MultipleSectionsChecker(null, pattern, minimum);
    }

    // One compiled regex per splitter text: compiling is far dearer than matching, and inputs repeat splitters.
    private static readonly ConcurrentDictionary<string, Regex> LiteralSplitters = new(StringComparer.Ordinal);

    private static Regex Build(string splitter) => new(
        PyRegexClasses.Space + "?" + PyPattern.ToDotNet(splitter) + PyRegexClasses.Space + @"?\d+" + PyRegexClasses.Space + "?",
        RegexOptions.CultureInvariant); // linear: a literal, then one digit run

    public bool Check(string response)
    {
        int? sections = builtIn is not null ? builtIn.Count(response) : pattern!.Count(response);
        return sections is { } n && n >= minimum;
    }
}
