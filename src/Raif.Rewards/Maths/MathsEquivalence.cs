using System.Globalization;
using System.Text.RegularExpressions;
using Raif.Core.Text;

namespace Raif.Rewards.Maths;

/// <summary>
/// Whether a normalised predicted answer equals a normalised reference, following the rule order of Qwen-Math's
/// <c>math_equal</c> (spec §6.6): case-insensitive text; a multiple-choice letter; plain numbers with relative
/// tolerance 1e-4, also accepting the reference ×100 or ÷100 (percentages); text with brackets and braces
/// removed; tuples, intervals and matrices element by element; equations; and finally expressions, compared
/// numerically (constants with tolerance 1e-4, expressions with variables at fixed sample points).
/// Deliberate differences: the reference implementation asks SymPy for symbolic equality, replaced here by
/// evaluation (<see cref="MathExpression"/>); it treats <c>[1,2)</c>, <c>(1,2]</c> and <c>(1,2)</c> as equal to
/// <c>[1,2]</c>, whereas here two bracketed answers must use the same brackets (an interval's open and closed ends
/// are part of the answer); and it splits tuples at every comma, whereas here only top-level commas separate.
/// </summary>
public static partial class MathsEquivalence
{
    /// <summary>Relative tolerance for numbers (Python's <c>math.isclose(…, rel_tol=1e-4)</c>).</summary>
    public const double RelativeTolerance = 1e-4;

    // Expressions with variables must agree far more tightly: they stand in for an exact symbolic identity.
    private const double IdentityTolerance = 1e-9;
    private const int SamplePoints = 6;
    private const int MaxNesting = 20;

    /// <summary>Compares two answers already normalised by <see cref="MathsAnswerNormalizer"/>.</summary>
    public static bool AreEqual(string? prediction, string? reference, CancellationToken cancellationToken = default) =>
        prediction is not null && reference is not null && Equal(prediction, reference, 0, cancellationToken);

    private static bool Equal(string prediction, string reference, int nesting, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (nesting > MaxNesting)
            return false;
        if (string.Equals(PyStr.Strip(prediction).ToLowerInvariant(), PyStr.Strip(reference).ToLowerInvariant(), StringComparison.Ordinal))
            return true;
        if (reference is "A" or "B" or "C" or "D" or "E" && ChoiceLetter(prediction) == reference)
            return true;
        if (NumericallyEqual(prediction, reference))
            return true;
        if (prediction.Length == 0)
            return false;

        string pred = PyStr.Strip(prediction), refer = PyStr.Strip(reference);
        if (Brackets(pred) is { } pb && Brackets(refer) is { } rb && pb != rb)
            return false;
        var (predPlain, refPlain) = WithoutBrackets(pred, refer);
        if (string.Equals(predPlain, refPlain, StringComparison.OrdinalIgnoreCase))
            return true;

        if (Brackets(pred) is not null && Brackets(refer) is not null)
            return ElementsEqual(TopLevelSplit(pred[1..^1], ','), TopLevelSplit(refer[1..^1], ','), nesting, ct);
        if (IsMatrix(pred) && IsMatrix(refer))
            return MatricesEqual(pred, refer, nesting, ct);

        int predEquals = Count(pred, '='), refEquals = Count(refer, '=');
        if (predEquals == 1 && refEquals == 1)
            return EquationsEqual(pred, refer, ct);
        if (IsSimpleEquation(pred) && refEquals == 0)
            return Equal(pred.Split('=')[1], refer, nesting + 1, ct);
        if (IsSimpleEquation(refer) && predEquals == 0)
            return Equal(pred, refer.Split('=')[1], nesting + 1, ct);

        return ExpressionsEqual(pred, refer, ct);
    }

    /// <summary>Python's <c>math.isclose(a, b, rel_tol)</c> with no absolute tolerance.</summary>
    public static bool IsClose(double a, double b, double relativeTolerance = RelativeTolerance) =>
        a == b || (double.IsFinite(a) && double.IsFinite(b) && Math.Abs(a - b) <= relativeTolerance * Math.Max(Math.Abs(a), Math.Abs(b)));

    /// <summary>A plain number: commas removed, an optional trailing percent sign dividing by 100.</summary>
    public static double? ParseNumber(string text)
    {
        string s = text.Replace(",", "", StringComparison.Ordinal);
        if (TryParseFloat(s, out double value))
            return value;
        if (s.EndsWith('%'))
        {
            s = s[..^1];
            if (s.EndsWith('\\'))
                s = s[..^1];
            if (TryParseFloat(s, out value))
                return value / 100;
        }
        return null;
    }

    private static bool TryParseFloat(string s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static bool NumericallyEqual(string prediction, string reference)
    {
        if (ParseNumber(prediction) is not { } p || ParseNumber(reference) is not { } r)
            return false;
        return IsClose(r / 100, p) || IsClose(r, p) || IsClose(r * 100, p);
    }

    /// <summary>The multiple-choice letter a prediction names (the last standalone A–E), else the cleaned text.</summary>
    internal static string ChoiceLetter(string prediction)
    {
        string s = PyStr.LStrip(PyStr.Strip(PyStr.RStrip(PyStr.RStrip(PyStr.Strip(prediction, "\n"), "."), "/"), " "), ":");
        var letters = ChoiceLetters().Matches(s.ToUpperInvariant());
        s = letters.Count > 0 ? letters[^1].Value : PyStr.Strip(PyStr.Strip(s), ".");
        return PyStr.RStrip(PyStr.RStrip(s, "."), "/");
    }

    // "(" + ")" etc. when the whole answer is wrapped in round or square brackets.
    private static string? Brackets(string s) =>
        s.Length >= 2 && s[0] is '(' or '[' && s[^1] is ')' or ']' ? $"{s[0]}{s[^1]}" : null;

    // The bracket-insensitive forms: when the prediction is wrapped in [] (and the reference not in ()) or in ()
    // (and the reference not in []), outer brackets go from both; then every {, }, ( and ) is removed.
    private static (string Pred, string Ref) WithoutBrackets(string pred, string refer)
    {
        if ((Wrapped(pred, '[', ']') && !Wrapped(refer, '(', ')')) || (Wrapped(pred, '(', ')') && !Wrapped(refer, '[', ']')))
        {
            pred = PyStr.Strip(pred, "[]()");
            refer = PyStr.Strip(refer, "[]()");
        }
        return (RemoveBraces(pred), RemoveBraces(refer));
    }

    private static string RemoveBraces(string s) =>
        s.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal)
         .Replace("(", "", StringComparison.Ordinal).Replace(")", "", StringComparison.Ordinal);

    private static bool Wrapped(string s, char open, char close) => s.Length > 0 && s[0] == open && s[^1] == close;

    private static bool ElementsEqual(List<string> pred, List<string> refer, int nesting, CancellationToken ct)
    {
        if (pred.Count != refer.Count)
            return false;
        for (int i = 0; i < pred.Count; i++)
        {
            if (!Equal(pred[i], refer[i], nesting + 1, ct))
                return false;
        }
        return true;
    }

    private const string MatrixBegin = "\\begin{pmatrix}", MatrixEnd = "\\end{pmatrix}";

    private static bool IsMatrix(string s) =>
        s.StartsWith(MatrixBegin, StringComparison.Ordinal) && s.EndsWith(MatrixEnd, StringComparison.Ordinal) &&
        s.Length >= MatrixBegin.Length + MatrixEnd.Length;

    private static bool MatricesEqual(string pred, string refer, int nesting, CancellationToken ct)
    {
        var predRows = Rows(pred);
        var refRows = Rows(refer);
        if (predRows.Count != refRows.Count)
            return false;
        for (int i = 0; i < predRows.Count; i++)
        {
            if (!ElementsEqual([.. predRows[i].Split('&')], [.. refRows[i].Split('&')], nesting, ct))
                return false;
        }
        return true;
    }

    private static List<string> Rows(string matrix) =>
        [.. matrix[MatrixBegin.Length..^MatrixEnd.Length].Split("\\\\").Select(PyStr.Strip).Where(r => r.Length > 0)];

    private static bool IsSimpleEquation(string s) => Count(s, '=') == 1 && PyStr.Strip(s.Split('=')[0]).Length <= 2;

    // a = b and c = d are the same equation when a − b equals c − d or d − c.
    private static bool EquationsEqual(string pred, string refer, CancellationToken ct)
    {
        var p = pred.Split('=');
        var r = refer.Split('=');
        string pDiff = $"({p[0]})-({p[1]})", rDiff = $"({r[0]})-({r[1]})";
        return ExpressionsEqual(pDiff, rDiff, ct) || ExpressionsEqual($"-({pDiff})", rDiff, ct);
    }

    private static bool ExpressionsEqual(string pred, string refer, CancellationToken ct)
    {
        var a = MathExpression.TryParse(pred, ct);
        var b = MathExpression.TryParse(refer, ct);
        if (a is null || b is null)
            return false;
        var names = a.Variables.Union(b.Variables).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        if (names.Length == 0)
            return IsClose(a.Evaluate(), b.Evaluate());

        // A fixed seed keeps the verdict deterministic; points avoid 0 and 1, where many different expressions meet.
        var random = new Random(20250601);
        int agreed = 0;
        for (int attempt = 0; attempt < SamplePoints * 3 && agreed < SamplePoints; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var name in names)
                values[name] = 1.1 + 2.3 * random.NextDouble();
            double x = a.Evaluate(values), y = b.Evaluate(values);
            if (!double.IsFinite(x) || !double.IsFinite(y))
                continue;
            if (!IsClose(x, y, IdentityTolerance) && Math.Abs(x - y) > 1e-12)
                return false;
            agreed++;
        }
        return agreed >= 3;
    }

    /// <summary>Splits at separators outside any (), [], {} (a tuple of fractions keeps its inner commas).</summary>
    internal static List<string> TopLevelSplit(string s, char separator)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c is '(' or '[' or '{')
                depth++;
            else if (c is ')' or ']' or '}')
                depth--;
            else if (c == separator && depth == 0)
            {
                parts.Add(s[start..i]);
                start = i + 1;
            }
        }
        parts.Add(s[start..]);
        return parts;
    }

    private static int Count(string s, char c)
    {
        int n = 0;
        foreach (char x in s)
        {
            if (x == c)
                n++;
        }
        return n;
    }

    [GeneratedRegex(@"\b(A|B|C|D|E)\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1_000)]
    private static partial Regex ChoiceLetters();
}
