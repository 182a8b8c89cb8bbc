using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Raif.Verifiers.Python;

namespace Raif.Verifiers.IfEval;

/// <summary>
/// A regex built from a pattern-valued argument, with Python <c>re</c> meaning (see <see cref="PyPattern"/>) and a
/// match time limit. A pattern that Python would reject or that cannot be translated is an argument error; a match
/// that runs out of time reads as "no match" (the checker then reports "not followed").
/// </summary>
internal sealed class DataPattern
{
    private readonly Regex _regex;

    private DataPattern(Regex regex) => _regex = regex;

    // Compiled regexes by (pattern, options, timeout): compiling is far dearer than matching, and inputs repeat patterns.
    private static readonly ConcurrentDictionary<(string, RegexOptions, TimeSpan), Regex> Compiled = new();

    private const int MaxCached = 4096;

    public static DataPattern Create(string id, string argument, string pythonPattern, RegexOptions options, TimeSpan timeout)
    {
        try
        {
            var key = (pythonPattern, options, timeout);
            if (Compiled.TryGetValue(key, out var cached))
                return new DataPattern(cached);
            var regex = PyPattern.ToRegex(pythonPattern, options, timeout);
            if (Compiled.Count < MaxCached)
                Compiled.TryAdd(key, regex);
            return new DataPattern(regex);
        }
        catch (PyPatternException e)
        {
            throw new IfevalArgumentException(id, argument, $"not a usable Python regex: {e.Problem}", e);
        }
    }

    /// <summary><c>re.search</c>: false also when the time limit is hit.</summary>
    public bool IsMatch(string text)
    {
        try
        {
            return _regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary><c>len(re.findall(...))</c>; <c>null</c> when the time limit is hit.</summary>
    public int? Count(string text)
    {
        try
        {
            return _regex.Count(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }
}
