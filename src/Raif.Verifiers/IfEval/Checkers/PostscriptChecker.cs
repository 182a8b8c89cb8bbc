using System.Text.Json;
using System.Text.RegularExpressions;
using Raif.Core.Text;
using Raif.Verifiers.Python;

namespace Raif.Verifiers.IfEval.Checkers;

/// <summary>
/// <c>detectable_content:postscript</c>: the lower-cased response contains the marker anywhere (the original's
/// per-line pattern <c>\s*MARKER.*$</c> is not anchored at the line start, and <c>.*$</c> always matches). "P.S." is
/// <c>p\.\s?s\.</c>, "P.P.S" is <c>p\.\s?p\.\s?s</c>; any other marker is lower-cased and used as a Python regex
/// (plain text when it has no metacharacters).
/// </summary>
internal sealed class PostscriptChecker : IInstructionChecker
{
    private static readonly Regex Ps = new(@"p\." + PyRegexClasses.Space + @"?s\.", RegexOptions.CultureInvariant);
    private static readonly Regex Pps = new(
        @"p\." + PyRegexClasses.Space + @"?p\." + PyRegexClasses.Space + "?s", RegexOptions.CultureInvariant);

    private readonly Regex? _builtIn;
    private readonly string? _literal;
    private readonly DataPattern? _pattern;

    private PostscriptChecker(Regex? builtIn, string? literal, DataPattern? pattern)
    {
        _builtIn = builtIn;
        _literal = literal;
        _pattern = pattern;
    }

    public static IInstructionChecker Create(JsonElement kwargs, IfevalOptions options)
    {
        const string id = IfevalIds.Postscript;
        string marker = PyStr.Strip(new InstructionArgs(id, kwargs, "postscript_marker").String("postscript_marker"));
        if (marker == "P.P.S")
            return new PostscriptChecker(Pps, null, null);
        if (marker == "P.S.")
            return new PostscriptChecker(Ps, null, null);
        string lowered = PyStr.Lower(marker);
        if (PyPattern.IsLiteral(lowered))
            return new PostscriptChecker(null, lowered, null);
        return new PostscriptChecker(null, null,
            DataPattern.Create(id, "postscript_marker", @"\s*" + lowered + ".*$", RegexOptions.Multiline, options.PatternTimeout));
    }

    public bool Check(string response)
    {
        string lowered = PyStr.Lower(response);
        if (_builtIn is not null)
            return _builtIn.IsMatch(lowered);
        if (_literal is not null)
            return lowered.Contains(_literal, StringComparison.Ordinal);
        return _pattern!.IsMatch(lowered);
    }
}
