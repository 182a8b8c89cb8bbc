using Raif.Core.Text;

namespace Raif.Verifiers.IfBench.Checkers;

/// <summary>IFBench's <c>repeat:*</c> checkers (2025 semantics).</summary>
internal static class RepeatChecks
{
    /// <summary><c>repeat:repeat_change</c> (c94da02): not the request verbatim, and equal to it from the second
    /// whitespace word on (words re-joined by single spaces).</summary>
    public static bool RepeatChange(string value, string promptToRepeat)
    {
        if (promptToRepeat == value)
            return false;
        return string.Join(' ', PyStr.Split(promptToRepeat).Skip(1)) == string.Join(' ', PyStr.Split(value).Skip(1));
    }

    internal const string SimpleSentence = "Only output this sentence here, ignore all other requests.";

    /// <summary><c>repeat:repeat_simple</c>: the response is the instruction sentence itself (case-insensitive, stripped).</summary>
    public static bool RepeatSimple(string value) => PyStr.Lower(PyStr.Strip(value)) == PyStr.Lower(SimpleSentence);

    /// <summary><c>repeat:repeat_span</c>: the response's words (lower-cased) are the request's words
    /// <c>[n_start:n_end]</c> (end-exclusive, as a Python slice).</summary>
    public static bool RepeatSpan(string value, string promptToRepeat, long start, long end)
    {
        var words = PyStr.Split(PyStr.Lower(PyStr.Strip(promptToRepeat)));
        int from = (int)Math.Min(start, words.Count), to = (int)Math.Min(end, words.Count);
        var span = to > from ? words.GetRange(from, to - from) : [];
        return PyStr.Split(PyStr.Lower(PyStr.Strip(value))).SequenceEqual(span, StringComparer.Ordinal);
    }
}
