using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Raif.Evaluation.Benchmarks.FollowBench;

namespace Raif.Evaluation.Benchmarks.ComplexBench;

/// <summary>A ComplexBench point verdict: upstream's <c>True</c>, <c>False</c> or <c>2</c> (not decidable by rule).</summary>
public enum ComplexBenchVerdict { False = 0, True = 1, Undecidable = 2 }

/// <summary>
/// ComplexBench's rule path (thu-coai/ComplexBench 749f457): <c>evaluation/rule_based_evaluation.py:preprocess</c>
/// turns the extractor's reply into spans, <c>evaluation/con_rule.py:decompose_judge</c> applies the rule string.
/// The order of upstream's substring tests decides which branch a rule takes, so it is kept as is, with its quirks:
/// punctuation is mapped to full-width before comparing (so "3.5" becomes "3。5"), <c>model_keyword_num_each</c>
/// keeps the spaces after its commas, <c>model_endswith_each</c> ignores the last span, a span list that is empty
/// or one empty string fails most <c>model_*</c> rules and passes the forbidden/not-ends-with ones, and unknown
/// forms give 2. Python semantics: lengths in code points, <c>split()</c> on Python whitespace, <c>$</c> at the end
/// or before a final newline.
/// </summary>
public static class ComplexBenchRules
{
    private const string Marker = "【模型回复中评分问题的评测对象】\n";
    private const RegexOptions Plain = RegexOptions.CultureInvariant;
    private const RegexOptions DotAll = RegexOptions.CultureInvariant | RegexOptions.Singleline;

    /// <summary>upstream <c>preprocess(s, ass)</c>: the spans to check; an absent reply or output gives none.</summary>
    public static List<string> Preprocess(string? output, string? ass)
    {
        if (ass is null || output is null)
            return [];
        if (ass.Contains(Marker, StringComparison.Ordinal))
            ass = AfterLast(ass, Marker);
        ass = BeforeLast(ass, "\n\n请注意");
        ass = BeforeLast(ass, "\n\n**注意");
        ass = BeforeLast(ass, "\n\n注意");
        string decompose = ass.Contains("评分对象：", StringComparison.Ordinal) ? AfterLast(ass, "评分对象：")
            : ass.Contains("评测对象：", StringComparison.Ordinal) ? AfterLast(ass, "评测对象：")
            : ass.Contains('：') ? AfterLast(ass, "：")
            : ass;
        if (decompose.StartsWith("all", StringComparison.Ordinal))
            return [output];
        if (decompose.Contains("None", StringComparison.Ordinal))
            return [];
        return [.. decompose.Split("||").Select(PythonStrip)];
    }

    private static string AfterLast(string s, string separator) => s[(s.LastIndexOf(separator, StringComparison.Ordinal) + separator.Length)..];

    private static string BeforeLast(string s, string separator)
    {
        int at = s.LastIndexOf(separator, StringComparison.Ordinal);
        return at < 0 ? s : s[..at];
    }

    private static string PythonStrip(string s) => s.Trim().Trim('\x1c', '\x1d', '\x1e', '\x1f').Trim();

    // ---- helpers of con_rule.py ----

    private const string EnPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private const string CnPunctuation = "！\"＃＄％＆'（）＊+，-。/：；<=>？@[＼]＾_`{|}~";

    /// <summary>upstream <c>extract_and_replace_punctuation_zh</c>: ASCII punctuation to its full-width counterpart, curly double quotes to straight.</summary>
    internal static string ToChinesePunctuation(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            int i = EnPunctuation.IndexOf(c, StringComparison.Ordinal);
            char mapped = i >= 0 ? CnPunctuation[i] : c;
            sb.Append(mapped is '“' or '”' ? '"' : mapped);
        }
        return sb.ToString();
    }

    private static string Decom(string s)
    {
        if (s.Length == 0)
            return "";
        while (s[0] == '\n')
        {
            s = s[1..];
            if (s.Length == 0)
                throw new InvalidDataException("ComplexBench decom: a span of only newlines (upstream raises IndexError)");
        }
        return s[0] is '"' or '“' or '`' && s[^1] is '"' or '”' or '`' ? s[1..^1] : s;
    }

    private static bool Keyword(string s, IEnumerable<string> keywords) =>
        keywords.All(k => s.Contains(ToChinesePunctuation(k), StringComparison.Ordinal));

    private static bool ForbiddenWord(string s, IEnumerable<string> words) =>
        words.All(w => !s.Contains(ToChinesePunctuation(w), StringComparison.Ordinal));

    private static bool StartsWith(string s, string start)
    {
        start = ToChinesePunctuation(start);
        return s.StartsWith(start, StringComparison.Ordinal);
    }

    private static bool EndsWith(string s, string end)
    {
        end = ToChinesePunctuation(end);
        return s.EndsWith(end, StringComparison.Ordinal) || s.EndsWith(end + "。", StringComparison.Ordinal) || s.EndsWith(end + "？", StringComparison.Ordinal);
    }

    private static bool NotEndsWith(string s, string end) => !EndsWith(s, end);

    private static int Length(string s)
    {
        int n = 0;
        for (int i = 0; i < s.Length; i++, n++)
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                i++;
        return n;
    }

    private static bool InRange(double value, double[] range) => value >= range[0] && value <= range[1];

    private static bool LengthOk(string s, double[] range) => InRange(Length(s), range);

    private static bool LengthWordOk(string s, double[] range) => InRange(FollowBenchRules.PythonSplit(s).Length, range);

    private static string ExtractJson(string s)
    {
        int depth = 0, start = 0;
        if (!s.Contains('{'))
            return "";
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '{')
            {
                if (depth == 0)
                    start = i;
                depth++;
            }
            else if (s[i] == '}')
            {
                depth--;
                if (depth == 0)
                    return s[start..(i + 1)];
            }
        }
        return "";
    }

    private static bool CheckJson(string s, List<string> keys)
    {
        s = ExtractJson(s);
        keys = [.. keys.Where(k => k != "")];
        try
        {
            using var doc = JsonDocument.Parse(s);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return false;
            // json.loads keeps the last of duplicate keys, so the key count is over distinct names.
            var names = new HashSet<string>(doc.RootElement.EnumerateObject().Select(p => p.Name), StringComparer.Ordinal);
            if (keys.Any(k => !names.Contains(k)))
                return false;
            return names.Count == keys.Count || keys.Count == 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool ConstraintPunc(string s, IEnumerable<string> allowed)
    {
        var punc = allowed.Select(ToChinesePunctuation).ToHashSet(StringComparer.Ordinal);
        foreach (char p in EnPunctuation)
        {
            string q = ToChinesePunctuation(p.ToString());
            if (s.Contains(q, StringComparison.Ordinal) && !punc.Contains(q))
                return false;
        }
        return true;
    }

    // ---- rule-string parsing ----

    /// <summary><c>re.findall(pattern, point)[0]</c>; upstream raises IndexError when nothing matches.</summary>
    private static string First(string pattern, string point, RegexOptions options = Plain)
    {
        var m = Regex.Match(point, pattern, options);
        if (!m.Success)
            throw new InvalidDataException($"ComplexBench rule '{point}' does not match {pattern} (upstream raises IndexError)");
        return m.Groups[1].Value;
    }

    private static (string A, string B) Two(string pattern, string point)
    {
        var m = Regex.Match(point, pattern, DotAll);
        if (!m.Success)
            throw new InvalidDataException($"ComplexBench rule '{point}' does not match {pattern} (upstream raises AttributeError)");
        return (m.Groups[1].Value, m.Groups[2].Value);
    }

    /// <summary><c>[x.strip() for x in k.strip('[]').split(',')]</c>.</summary>
    private static List<string> StrippedList(string bracketed) => [.. bracketed.Trim('[', ']').Split(',').Select(PythonStrip)];

    /// <summary><c>k.strip('[]').split(',')</c> without stripping the pieces.</summary>
    private static string[] RawList(string bracketed) => bracketed.Trim('[', ']').Split(',');

    /// <summary><c>eval</c> of a two-number list such as <c>[10, 50]</c>.</summary>
    private static double[] NumberPair(string text, string point)
    {
        var parts = text.Trim().TrimStart('[').TrimEnd(']').Split(',');
        try
        {
            return [.. parts.Select(p => double.Parse(p.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture))];
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"ComplexBench rule '{point}': '{text}' is not a list of numbers", e);
        }
    }

    private static int PythonInt(string text, string point) =>
        int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v)
            ? v : throw new InvalidDataException($"ComplexBench rule '{point}': '{text}' is not an integer (upstream raises ValueError)");

    private static ComplexBenchVerdict V(bool b) => b ? ComplexBenchVerdict.True : ComplexBenchVerdict.False;

    private static bool NoSpans(List<string> rs) => rs.Count == 0 || (rs.Count == 1 && rs[0] == "");

    /// <summary>upstream <c>decompose_judge(point, rs)</c>. <paramref name="spans"/> is not modified.</summary>
    public static ComplexBenchVerdict DecomposeJudge(string point, IReadOnlyList<string> spans)
    {
        var rs = spans.ToList();
        bool Has(string s) => point.Contains(s, StringComparison.Ordinal);
        var nonEmpty = rs.Where(r => r != "");

        if (Has("model_keyword_each"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.False;
            var keys = StrippedList(First(@"model_keyword_each:(\[.*?\])$", point));
            return V(nonEmpty.All(r => Keyword(ToChinesePunctuation(r), keys)));
        }
        if (Has("model_keyword_num_each") && Has("model_forbidden_word_each"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.False;
            var (k, f) = Two(@"model_keyword_num_each:(\[.*?\])\nmodel_forbidden_word_each:(\[.*?\])$", point);
            string[] kParts = RawList(k), fParts = RawList(f);
            int low = PythonInt(kParts[0], point), high = PythonInt(kParts[1], point);
            var keys = kParts.Skip(2).ToList();
            return V(nonEmpty.All(r =>
            {
                int found = keys.Count(key => Keyword(r, [key]));
                int forbidden = fParts.Count(w => Keyword(r, [w]));
                return found >= low && found <= high && forbidden == 0;
            }));
        }
        if (Has("model_keyword_num_each"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.False;
            string[] kParts = RawList(First(@"model_keyword_num_each:(\[.*?\])$", point, DotAll));
            int low = PythonInt(kParts[0], point), high = PythonInt(kParts[1], point);
            var keys = kParts.Skip(2).ToList();
            return V(nonEmpty.All(r =>
            {
                int found = keys.Count(key => Keyword(r, [key]));
                return found >= low && found <= high;
            }));
        }
        if (Has("model_keyword_num"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.False;
            var parts = StrippedList(First(@"model_keyword_num:(\[.*?\])$", point));
            int low = PythonInt(parts[0], point), high = PythonInt(parts[1], point);
            int found = parts.Skip(2).Count(key => Keyword(rs[0], [key]));
            return V(found >= low && found <= high);
        }
        if (Has("model_keyword"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.False;
            return V(Keyword(rs[0], StrippedList(First(@"model_keyword:(\[.*?\])$", point))));
        }
        if (Has("model_forbidden_word_each"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.True;
            var words = StrippedList(First(@"model_forbidden_word_each:(\[.*?\])$", point));
            return V(nonEmpty.All(r => ForbiddenWord(ToChinesePunctuation(r), words)));
        }
        if (Has("model_forbidden_word"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.True;
            return V(ForbiddenWord(rs[0], StrippedList(First(@"model_forbidden_word:(\[.*?\])$", point))));
        }
        if (Has("model_number_each"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.False;
            return V(InRange(rs.Count, NumberPair(First(@"model_number_each:(\[.*?\])$", point), point)));
        }
        if (Has("model_length_each"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.False;
            var range = NumberPair(First(@"model_length_each:(\[.*?\])$", point), point);
            return V(nonEmpty.All(r => LengthOk(r, range) || LengthOk(Decom(r), range)));
        }
        if (Has("model_length_word_each"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.False;
            var range = NumberPair(First(@"model_length_word_each:(\[.*?\])$", point), point);
            return V(nonEmpty.All(r => LengthWordOk(r, range) || LengthWordOk(Decom(r), range)));
        }
        if (Has("model_length_word"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.False;
            var range = NumberPair(First(@"model_length_word:(\[.*?\])$", point), point);
            return V(LengthWordOk(rs[0], range) || LengthWordOk(Decom(rs[0]), range));
        }
        if (Has("model_length:"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.False;
            var range = NumberPair(First(@"model_length:(\[.*?\])$", point), point);
            return V(LengthOk(Decom(rs[0]), range) || LengthOk(rs[0], range));
        }
        if (Has("model_startswith_each"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.False;
            string start = First(@"model_startswith_each:(.*?)$", point, DotAll);
            return V(nonEmpty.All(r => StartsWith(ToChinesePunctuation(r), start)));
        }
        if (Has("model_starts_with_list_each"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.False;
            var starts = StrippedList(First(@"model_starts_with_list_each:(\[.*?\])$", point));
            if (rs.Count != starts.Count)
                return ComplexBenchVerdict.False;
            return V(rs.Select((r, i) => r == "" || StartsWith(ToChinesePunctuation(r), starts[i])).All(b => b));
        }
        if (Has("model_startswith") && Has("model_endswith"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.False;
            string s = ToChinesePunctuation(rs[0]);
            var (start, end) = Two(@"model_startswith:(.*?)\nmodel_endswith:(.*?)$", point);
            return V(StartsWith(s, start) && EndsWith(s, end));
        }
        if (Has("model_startswith"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.False;
            return V(StartsWith(ToChinesePunctuation(rs[0]), First(@"model_startswith:(.*?)$", point, DotAll)));
        }
        if (Has("model_endswith_each"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.False;
            string end = First(@"model_endswith_each:(.*?)$", point, DotAll);
            var checkedSpans = rs.Count != 1 ? rs.Take(rs.Count - 1) : rs;
            return V(checkedSpans.Where(r => r != "").Select(ToChinesePunctuation).All(r => EndsWith(Decom(r), end) || EndsWith(r, end)));
        }
        if (Has("model_endswith"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.False;
            return V(EndsWith(ToChinesePunctuation(rs[0]), First(@"model_endswith:(.*?)$", point, DotAll)));
        }
        if (Has("model_constraint_punc_each"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.False;
            var allowed = StrippedList(First(@"model_constraint_punc_each:(\[.*?\])$", point));
            return V(nonEmpty.Select(ToChinesePunctuation).All(r => ConstraintPunc(Decom(r), allowed) || ConstraintPunc(r, allowed)));
        }
        if (Has("model_constraint_punc"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.False;
            return V(ConstraintPunc(Decom(rs[0]), StrippedList(First(@"model_constraint_punc:(\[.*?\])$", point))));
        }
        if (Has("model_not_startswith"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.True;
            return V(!StartsWith(ToChinesePunctuation(rs[0]), First(@"model_not_startswith:(.*?)$", point, DotAll)));
        }
        if (Has("model_not_endswith_each"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.True;
            string end = First(@"model_not_endswith_each:(.*?)$", point, DotAll);
            return V(nonEmpty.All(r => NotEndsWith(ToChinesePunctuation(r), end)));
        }
        if (Has("model_not_endswith"))
        {
            if (NoSpans(rs)) return ComplexBenchVerdict.True;
            return V(NotEndsWith(ToChinesePunctuation(rs[0]), First(@"model_not_endswith:(.*?)$", point, DotAll)));
        }
        if (Has("model") || Has("each"))
            return ComplexBenchVerdict.Undecidable;
        if (rs.Count == 0)
            return Rule("", point);
        // Python `a or b`: a truthy first verdict (True or 2) stands, otherwise the second is returned.
        var first = Rule(Decom(rs[0]), point);
        return first != ComplexBenchVerdict.False ? first : Rule(rs[0], point);
    }

    /// <summary>upstream <c>rule(s, point)</c> for the non-model rule forms.</summary>
    private static ComplexBenchVerdict Rule(string s, string point)
    {
        bool Has(string x) => point.Contains(x, StringComparison.Ordinal);
        bool blank = s == "" || s.Contains("None", StringComparison.Ordinal);
        if (Has("model"))
            return ComplexBenchVerdict.Undecidable;
        if (Has("keyword") && Has("forbidden_word"))
        {
            if (blank) return ComplexBenchVerdict.False;
            s = ToChinesePunctuation(s);
            var keys = StrippedList(First(@"keyword:(\[.*?\])$", point));
            var words = StrippedList(First(@"forbidden_word:(\[.*?\])$", point));
            return V(Keyword(s, keys) && ForbiddenWord(s, words));
        }
        if (Has("keyword") && !Has("keyword_num"))
        {
            if (blank) return ComplexBenchVerdict.False;
            return V(Keyword(ToChinesePunctuation(s), StrippedList(First(@"keyword:(\[.*?\])$", point))));
        }
        if (Has("match"))
        {
            if (blank) return ComplexBenchVerdict.False;
            s = ToChinesePunctuation(s);
            string m = First(@"match:(.*?)$", point);
            return V(s == m || s == m + "。" || s == m + ".");
        }
        if (Has("constraint_punc"))
        {
            if (blank) return ComplexBenchVerdict.False;
            return V(ConstraintPunc(ToChinesePunctuation(s), StrippedList(First(@"constraint_punc:(\[.*?\])$", point))));
        }
        if (Has("forbidden_word"))
        {
            if (blank) return ComplexBenchVerdict.True;
            return V(ForbiddenWord(ToChinesePunctuation(s), StrippedList(First(@"forbidden_word:(\[.*?\])$", point))));
        }
        if (Has("startswith") && Has("endswith"))
        {
            if (blank) return ComplexBenchVerdict.False;
            s = ToChinesePunctuation(s);
            var (start, end) = Two(@"startswith:(.*?)\nendswith:(.*?)$", point);
            return V(StartsWith(s, start) && EndsWith(s, end));
        }
        if (Has("startswith"))
        {
            if (blank) return ComplexBenchVerdict.False;
            return V(StartsWith(ToChinesePunctuation(s), First(@"startswith:(.*?)$", point, DotAll)));
        }
        if (Has("not endswith"))
        {
            if (blank) return ComplexBenchVerdict.True;
            return V(NotEndsWith(ToChinesePunctuation(s), First(@"not endswith:(.*?)$", point, DotAll)));
        }
        if (Has("endswith"))
        {
            if (blank) return ComplexBenchVerdict.False;
            return V(EndsWith(ToChinesePunctuation(s), First(@"endswith:(.*?)$", point, DotAll)));
        }
        if (Has("length_word:"))
        {
            if (blank) return ComplexBenchVerdict.False;
            return V(LengthWordOk(ToChinesePunctuation(s), NumberPair(First(@"length_word:(\[.*?\])$", point, DotAll), point)));
        }
        if (Has("length:"))
        {
            if (blank) return ComplexBenchVerdict.False;
            return V(LengthOk(ToChinesePunctuation(s), NumberPair(First(@"length:(\[.*?\])$", point, DotAll), point)));
        }
        if (Has("Json"))
        {
            if (blank) return ComplexBenchVerdict.False;
            string keysText = First(@"Json:(\[.*?\])$", point.Trim(), DotAll);
            if (!PythonStringList.TryParse(keysText, out var keys))
                throw new InvalidDataException($"ComplexBench rule '{point}': the Json keys are not a list of strings");
            return V(CheckJson(s, keys));
        }
        return ComplexBenchVerdict.Undecidable;
    }
}
