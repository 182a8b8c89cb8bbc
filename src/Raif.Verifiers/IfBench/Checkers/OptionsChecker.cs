using System.Text.RegularExpressions;
using Raif.Core.Text;
using Raif.Verifiers.Python;
using static Raif.Verifiers.IfBench.IfBenchText;

namespace Raif.Verifiers.IfBench.Checkers;

/// <summary>
/// <c>format:options</c>: the response is one of the options. Options are split on "/" if present, else on "or",
/// else on ","; letter options ("a), b), c)") must match exactly, others match case-insensitively once punctuation
/// and spaces are stripped from both ends.
/// </summary>
internal sealed class OptionsChecker
{
    private static readonly Regex LetterOptions = new(
        @"\A" + PyRegexClasses.NotWord + "*[aA]" + PyRegexClasses.NotWord + "*[bB]" + PyRegexClasses.NotWord + "*[cC]",
        RegexOptions.CultureInvariant);

    private readonly bool _strict;
    private readonly string[] _options;

    public OptionsChecker(string options)
    {
        _strict = LetterOptions.IsMatch(options);
        string separator = options.Contains('/') ? "/" : options.Contains("or", StringComparison.Ordinal) ? "or" : ",";
        _options = options.Split(separator).Select(PyStr.Strip).ToArray();
    }

    public bool Check(string value)
    {
        if (_strict)
            return _options.Contains(value, StringComparer.Ordinal);
        value = PyStr.Lower(PyStr.Strip(value, PunctuationAndSpace));
        return _options.Any(option => PyStr.Lower(PyStr.Strip(option, PunctuationAndSpace)) == value);
    }
}
