using System.Text;
using System.Text.RegularExpressions;

namespace Raif.Evaluation.Benchmarks.FollowBench;

/// <summary>
/// FollowBench's rule checks (upstream <c>code/rule_based_evaluation.py</c> and <c>code_zh/…</c>, commit 6278f4c),
/// re-implemented with Python's string semantics: <c>str.split()</c> on Python whitespace, <c>split(' ')</c> keeping
/// empty pieces, lengths in code points, <c>re.split(r'[.!?]')</c> sentences with empty pieces dropped (so "1."
/// is a sentence), the last regex match for BBH/gsm_8k answers, and the example template turned into a regex whose
/// <c>.*</c> does not cross newlines.
/// </summary>
public static class FollowBenchRules
{
    private const RegexOptions Options = RegexOptions.CultureInvariant;
    private const string PythonPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private const string ZhExtraPunctuation = "，。：’“”";

    public static bool Check(FollowBenchRecord record, string generation, FollowBenchLanguage language)
    {
        if (record.ConstraintType == "example")
            return ExampleMatches(record.Target.Replace("{instruction}\n", "", StringComparison.Ordinal), generation);
        if (FollowBenchData.RuleSources.Contains(record.Source))
            return language == FollowBenchLanguage.En ? CheckEn(record, generation) : CheckZh(record, generation);
        if (FollowBenchData.IsFormatRule(record, language))
            return record.ExampleId == 22 ? Format22(generation, record.Level, language) : Format30(generation, record.Level);
        throw new InvalidOperationException($"{record.Id} is not rule-scored");
    }

    // ---- example: template match ----

    /// <summary>upstream <c>check_match</c>: {answer} becomes <c>.*</c> inside a <c>re.escape</c>d template, full match.</summary>
    public static bool ExampleMatches(string template, string generation)
    {
        string pattern = template.Replace("{{", "{", StringComparison.Ordinal).Replace("}}", "}", StringComparison.Ordinal)
            .Replace("{answer}", ".*", StringComparison.Ordinal);
        pattern = PythonReEscape(pattern).Replace("\\.\\*", ".*", StringComparison.Ordinal);
        return Regex.IsMatch(generation, "^(?:" + pattern + ")\\z", Options);
    }

    /// <summary>Python 3.7+ <c>re.escape</c>: a backslash before each of <c>()[]{}?*+-|^$\.&amp;~# \t\n\r\v\f</c>.</summary>
    internal static string PythonReEscape(string text)
    {
        var sb = new StringBuilder(text.Length * 2);
        foreach (char c in text)
        {
            if ("()[]{}?*+-|^$\\.&~# \t\n\r\v\f".Contains(c))
                sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    // ---- shared helpers ----

    private static readonly Regex EnSentenceSplit = new("[.!?]", Options);
    private static readonly Regex ZhSentenceSplit = new("[。！？]", Options);

    private static List<string> Sentences(string text, FollowBenchLanguage language) =>
        [.. (language == FollowBenchLanguage.En ? EnSentenceSplit : ZhSentenceSplit).Split(text).Where(s => s.Length > 0)];

    internal static int CountSentences(string text, FollowBenchLanguage language) => Sentences(text, language).Count;

    /// <summary>Python <c>str.split()</c>: runs of Unicode whitespace (including \x1c–\x1f) separate words.</summary>
    internal static string[] PythonSplit(string text)
    {
        var words = new List<string>();
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool space = i == text.Length || IsPythonWhitespace(text[i]);
            if (space && start >= 0)
            {
                words.Add(text[start..i]);
                start = -1;
            }
            else if (!space && start < 0)
                start = i;
        }
        return [.. words];
    }

    private static bool IsPythonWhitespace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    /// <summary><c>len(text.split(' '))</c>: the number of single spaces plus one.</summary>
    private static int SpaceSplitCount(string text) => text.Count(c => c == ' ') + 1;

    private static int CodePointLength(string text)
    {
        int n = 0;
        for (int i = 0; i < text.Length; i++, n++)
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
        return n;
    }

    private static bool ContainWordEn(string text, string word) =>
        Regex.IsMatch(text, @"\b" + PythonReEscape(word) + @"\b", Options);

    // code_zh's contain_word compiles the word itself as the pattern (the words are plain Chinese).
    private static bool ContainWordZh(string text, string word) => Regex.IsMatch(text, word, Options);

    private static bool SentenceWordsLess(string text, int num, FollowBenchLanguage language) =>
        Sentences(text, language).All(s => (language == FollowBenchLanguage.En ? PythonSplit(s).Length : CodePointLength(s)) < num);

    private static bool SentenceWordsMore(string text, int num, FollowBenchLanguage language) =>
        Sentences(text, language).All(s => (language == FollowBenchLanguage.En ? PythonSplit(s).Length : CodePointLength(s)) > num);

    private static bool NthSentenceContains(string text, int n, string word, FollowBenchLanguage language)
    {
        var sentences = Sentences(text, language);
        if (sentences.Count < n)
            return false;
        return language == FollowBenchLanguage.En ? ContainWordEn(sentences[n - 1], word) : ContainWordZh(sentences[n - 1], word);
    }

    private static bool NthSentenceIsPresentPerfect(string text, int n)
    {
        var sentences = Sentences(text, FollowBenchLanguage.En);
        return sentences.Count >= n && Regex.IsMatch(sentences[n - 1], @"\b(has|have)\s+\w+", Options);
    }

    private static bool IsPresentContinuous(string text) => Regex.IsMatch(text, @"\b(am|is|are)\s+\w+ing\b", Options);

    /// <summary>Python <c>str.islower()</c>: at least one cased character and no upper- or title-case one.</summary>
    private static bool PythonIsLower(string text)
    {
        bool cased = false;
        foreach (char c in text)
        {
            if (char.IsUpper(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.TitlecaseLetter)
                return false;
            if (char.IsLower(c))
                cased = true;
        }
        return cased;
    }

    private static bool LastMatchEquals(string text, string pattern, string target)
    {
        var matches = Regex.Matches(text, pattern, Options);
        return matches.Count > 0 && matches[^1].Value == target;
    }

    private static bool WikiEvents(string generation, string target)
    {
        var targetLines = target.Split('\n');
        return generation.Split('\n').All(g => targetLines.Contains(g));
    }

    private static bool Conll(string generation, FollowBenchRecord record)
    {
        if (!PythonStringList.TryParse(record.Target, out var entities))
            throw record.Line.Error("target", "CONLL2003 target is not a Python list of strings");
        return entities.Contains(generation);
    }

    private static bool ParagraphsStartWithNumberMarker(string text)
    {
        foreach (string paragraph in text.Split("\n\n"))
        {
            string p = paragraph.TrimStart();
            if (p.Length == 0)
                continue;
            if (!Regex.IsMatch(p, @"^\d+\.", Options))
                return false;
        }
        return true;
    }

    // ---- English (code/rule_based_evaluation.py) ----

    private static bool CheckEn(FollowBenchRecord r, string g)
    {
        const FollowBenchLanguage en = FollowBenchLanguage.En;
        int level = r.Level;
        switch (r.Source)
        {
            case "E2E" or "text_editing":
                return g == r.Target;
            case "WIKIEVENTS":
                return WikiEvents(g, r.Target);
            case "CONLL2003":
                return Conll(g, r);
            case "self_made_space":
                return g.Contains(r.Target, StringComparison.Ordinal);
            case "BBH_logical":
                return LastMatchEquals(g, @"\([A-Z]\)", r.Target);
            case "BBH_time":
                return LastMatchEquals(g, @"\d{2}/\d{2}/\d{4}", r.Target);
            case "gsm_8k":
                return LastMatchEquals(g, @"\$\d+", r.Target);
            case "cnn_dailymail":
            {
                bool ok = CountSentences(g, en) == 3;
                if (level >= 2) ok = ok && SentenceWordsLess(g, 15, en);
                if (level >= 3) ok = ok && NthSentenceContains(g, 1, "Potter", en) && NthSentenceContains(g, 2, "actor", en) && NthSentenceContains(g, 3, "films", en);
                if (level >= 4) ok = ok && !NthSentenceContains(g, 2, "lavish", en);
                if (level >= 5) ok = ok && NthSentenceIsPresentPerfect(g, 3);
                return ok;
            }
            case "xsum":
            {
                bool ok = CountSentences(g, en) == 1;
                if (level >= 2) ok = ok && SpaceSplitCount(g) < 20;
                if (level >= 3) ok = ok && !ContainWordEn(g, "Newton Stewart");
                if (level >= 4) ok = ok && IsPresentContinuous(g);
                if (level >= 5) ok = ok && ContainWordEn(g, "operation");
                return ok;
            }
            case "samsum":
            {
                bool ok = CountSentences(g, en) == 1;
                if (level >= 2) ok = ok && SpaceSplitCount(g) < 15;
                if (level >= 3) ok = ok && ContainWordEn(g, "stuff");
                if (level >= 4) ok = ok && !Regex.IsMatch(g, "procrast", Options | RegexOptions.IgnoreCase);
                if (level >= 5) ok = ok && g.Count(c => PythonPunctuation.Contains(c)) == 1;
                return ok;
            }
            case "gigaword":
            {
                bool ok = SpaceSplitCount(g) == 8;
                if (level >= 2) ok = ok && !g.Any(c => PythonPunctuation.Contains(c));
                if (level >= 3) ok = ok && PythonIsLower(g);
                if (level >= 4) ok = ok && !ContainWordEn(g, "bus");
                if (level >= 5) ok = ok && ContainWordEn(g, "in");
                return ok;
            }
            case "arxiv":
            {
                bool ok = CountSentences(g, en) == 1;
                if (level >= 2) ok = ok && SpaceSplitCount(g) <= 20;
                if (level >= 3) ok = ok && g.StartsWith("We", StringComparison.Ordinal);
                if (level >= 4) ok = ok && ContainWordEn(g, "activations");
                if (level >= 5) ok = ok && !ContainWordEn(g, "transformer");
                return ok;
            }
        }
        throw r.Line.Error("source", $"no rule for source '{r.Source}'");
    }

    // ---- Chinese (code_zh/rule_based_evaluation.py) ----

    private static bool CheckZh(FollowBenchRecord r, string g)
    {
        const FollowBenchLanguage zh = FollowBenchLanguage.Zh;
        int level = r.Level;
        string zhPunctuation = PythonPunctuation + ZhExtraPunctuation;
        switch (r.Source)
        {
            case "E2E" or "text_editing":
                return g == r.Target;
            case "WIKIEVENTS":
                return WikiEvents(g, r.Target);
            case "CONLL2003":
                return Conll(g, r);
            case "self_made_space":
                return g.Contains(r.Target, StringComparison.Ordinal);
            case "BBH_logical":
                return LastMatchEquals(g, @"\([A-Z]\)", r.Target);
            case "BBH_time":
                return LastMatchEquals(g, @"\d{2}/\d{2}/\d{4}", r.Target);
            case "gsm_8k":
                return LastMatchEquals(g, @"\d+美元", r.Target);
            case "cnn_dailymail":
            {
                bool ok = CountSentences(g, zh) == 3;
                if (level >= 2) ok = ok && SentenceWordsLess(g, 15, zh);
                if (level >= 3) ok = ok && NthSentenceContains(g, 1, "波特", zh) && NthSentenceContains(g, 2, "演员", zh) && NthSentenceContains(g, 3, "电影", zh);
                if (level >= 4) ok = ok && !NthSentenceContains(g, 2, "奢侈", zh);
                if (level >= 5) ok = ok && NthSentenceContains(g, 3, "了", zh);
                return ok;
            }
            case "xsum":
            {
                bool ok = CountSentences(g, zh) == 1;
                if (level >= 2) ok = ok && CodePointLength(g) < 20;
                if (level >= 3) ok = ok && !ContainWordZh(g, "牛顿斯图尔特");
                if (level >= 4) ok = ok && ContainWordZh(g, "在");
                if (level >= 5) ok = ok && ContainWordZh(g, "操作");
                return ok;
            }
            case "samsum":
            {
                bool ok = CountSentences(g, zh) == 1;
                if (level >= 2) ok = ok && CodePointLength(g) < 15;
                if (level >= 3) ok = ok && ContainWordZh(g, "琐碎的");
                if (level >= 4) ok = ok && !ContainWordZh(g, "拖沓的");
                if (level >= 5) ok = ok && g.Count(c => zhPunctuation.Contains(c)) == 1;
                return ok;
            }
            case "gigaword":
            {
                bool ok = CodePointLength(g) == 8;
                if (level >= 2) ok = ok && !g.Any(c => zhPunctuation.Contains(c));
                if (level >= 3) ok = ok && !ContainsPythonNumeric(g);
                if (level >= 4) ok = ok && !ContainWordZh(g, "公交车");
                if (level >= 5) ok = ok && ContainWordZh(g, "在");
                return ok;
            }
            case "arxiv":
            {
                bool ok = CountSentences(g, zh) == 1;
                if (level >= 2) ok = ok && CodePointLength(g) <= 20;
                if (level >= 3) ok = ok && g.StartsWith("我们", StringComparison.Ordinal);
                if (level >= 4) ok = ok && ContainWordZh(g, "激活");
                if (level >= 5) ok = ok && !ContainWordZh(g, "transformer");
                return ok;
            }
        }
        throw r.Line.Error("source", $"no rule for source '{r.Source}'");
    }

    /// <summary>
    /// Python <c>str.isnumeric()</c> on any character: Unicode number categories plus the BMP ideographs that
    /// Unihan gives a numeric value (一, 万, 亿, 壹 …), which .NET's character data lacks. The list is every BMP
    /// character for which CPython 3.11's <c>isnumeric()</c> holds outside categories Nd/Nl/No.
    /// </summary>
    private const string UnihanNumerals = "㐅㒃㠪㭍一七万三九二五亖亿什仟仨伍佰億兆兩八六十千卄卅卌叁参參叄四壱壹幺廾廿弌弍弎弐拾捌柒漆玖百肆萬貮貳贰阡陆陌陸零參拾兩零六陸什";

    private static bool ContainsPythonNumeric(string text) =>
        text.Any(c => char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.DecimalDigitNumber
            or System.Globalization.UnicodeCategory.LetterNumber or System.Globalization.UnicodeCategory.OtherNumber
            || UnihanNumerals.Contains(c));

    // ---- format example 22 (EN and ZH) and 30 (EN) ----

    private static bool Format22(string g, int level, FollowBenchLanguage language)
    {
        string[] paragraphs = g.Split("\n\n");
        if (paragraphs.Length != (level == 5 ? 4 : 3))
            return false;
        if (level == 1)
            return true;
        bool ok = CountSentences(paragraphs[0], language) < 3 && CountSentences(paragraphs[1], language) < 3 && CountSentences(paragraphs[2], language) < 3;
        if (level >= 3) ok = ok && SentenceWordsMore(g, 20, language);
        if (level >= 4) ok = ok && ParagraphsStartWithNumberMarker(g);
        if (level >= 5) ok = ok && g.EndsWith(language == FollowBenchLanguage.En ? "Those are suggestions" : "这些是建议", StringComparison.Ordinal);
        return ok;
    }

    private static readonly Regex KeywordPoint = new(@"\*\*[\d].+?:", Options);
    private static readonly Regex Format30SentenceSplit = new(@"(?<!\w\.\w.)(?<![A-Z][a-z]\.)(?<=\.|\?)\s", Options);

    private static bool Format30(string g, int level)
    {
        var sentences = Format30SentenceSplit.Split(g);
        bool[] constraints =
        [
            g.Contains("**", StringComparison.Ordinal),
            KeywordPoint.Matches(g).Count == 5,
            sentences.Where(s => Enumerable.Range(1, 5).Any(n => s.Contains($"{n}.", StringComparison.Ordinal))).All(s => s.Split('.').Length < 3),
            sentences.All(s => PythonSplit(s).Length is >= 10 and <= 15),
            sentences.All(s => PythonSplit(s).All(w => !w.EndsWith("-ly", StringComparison.Ordinal))),
        ];
        return constraints.Take(level).All(c => c);
    }
}
