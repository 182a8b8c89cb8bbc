using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;

namespace Raif.Evaluation.Benchmarks.Cello;

/// <summary>One <c>{"criterion": ..., "limit": ...}</c> entry of a CELLO constraint list.</summary>
public sealed record CelloCriterion(string Name, JsonElement Limit)
{
    public bool IsNull => Name == "NULL";
}

/// <summary>The four scores of one answer; <see cref="double.NaN"/> is upstream's NaN (constraint not applicable).</summary>
public readonly record struct CelloItemScores(double Format, double Input, double Task, double CountLimit);

/// <summary>
/// CELLO's four rule scorers (upstream <c>code/scorers/*.py</c>, commit 5430aa1), with their quirks kept:
/// a criterion list is walked in order and a <c>NULL</c> met before the wanted criterion means "not applicable";
/// keyword coverage is a plain substring test; the input-dependent score is coverage × (1 − character BLEU against
/// the row's <c>input_text</c>); <c>sentence-max</c> is computed and then discarded (NaN); <c>revise</c> compares
/// the answer with the last assistant turn of the row's <c>histories</c> (which, in published results, is the
/// answer itself); <c>sample-table</c> narrows the answer for the criteria after it; an unknown count criterion
/// (<c>sample-exact</c>, <c>sample-mins</c>) is NaN; a format limit that is not one of the known names (a list,
/// as in three samples) scores 0. A non-string answer scores 0 everywhere.
/// </summary>
public static class CelloScorer
{
    public static CelloItemScores Score(
        string? answer,
        CelloHistoryTail history,
        string? inputText,
        CelloSample sample)
    {
        if (answer is null)
            return new CelloItemScores(0, 0, 0, 0);
        return new CelloItemScores(
            NanMean(ResolveScore(answer, sample.AnswerFormat), KeywordsScore(answer, sample.AnswerFormat, sample, "Answer_format")),
            InputScore(answer, inputText, sample),
            KeywordsScore(answer, sample.TaskPrescribedPhrases, sample, "Task_prescribed_phrases"),
            CountLimitScore(answer, history, sample));
    }

    internal static double NanMean(params double[] values)
    {
        double sum = 0;
        int n = 0;
        foreach (double v in values)
        {
            if (double.IsNaN(v))
                continue;
            sum += v;
            n++;
        }
        return n == 0 ? double.NaN : sum / n;
    }

    /// <summary>The first criterion named one of <paramref name="names"/>, or null when a NULL comes first or none matches.</summary>
    private static CelloCriterion? Find(IReadOnlyList<CelloCriterion> criteria, params string[] names)
    {
        foreach (var criterion in criteria)
        {
            if (names.Contains(criterion.Name))
                return criterion;
            if (criterion.IsNull)
                return null;
        }
        return null;
    }

    internal static double ResolveScore(string answer, IReadOnlyList<CelloCriterion> criteria)
    {
        var criterion = Find(criteria, "resolve");
        if (criterion is null)
            return double.NaN;
        if (criterion.Limit.ValueKind != JsonValueKind.String)
            return 0; // e.g. ["xml"]: matches no branch, so upstream's initial score 0 stands
        return criterion.Limit.GetString() switch
        {
            "json" or "dict" => PythonLiteral.TryEvaluate(answer) == PythonValueKind.Dict ? 1 : 0,
            "list" => PythonLiteral.TryEvaluate(answer) == PythonValueKind.List ? 1 : 0,
            "tuple" => PythonLiteral.TryEvaluate(answer) == PythonValueKind.Tuple ? 1 : 0,
            "xml" => IsWellFormedXml(answer) ? 1 : 0,
            "yaml" => throw new NotSupportedException("CELLO 'resolve: yaml' does not occur in the published data and is not implemented"),
            _ => 0,
        };
    }

    private static bool IsWellFormedXml(string text)
    {
        // ElementTree.fromstring: one root element, DTD allowed, no external resources fetched.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse, XmlResolver = null, ConformanceLevel = ConformanceLevel.Document };
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            while (reader.Read())
            {
            }
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    private static double KeywordsScore(string answer, IReadOnlyList<CelloCriterion> criteria, CelloSample sample, string field)
    {
        var keywords = KeywordsOf(criteria, sample, field);
        if (keywords is null)
            return double.NaN;
        int found = keywords.Count(k => answer.Contains(k, StringComparison.Ordinal));
        return (double)found / keywords.Count;
    }

    private static List<string>? KeywordsOf(IReadOnlyList<CelloCriterion> criteria, CelloSample sample, string field)
    {
        CelloCriterion? criterion = null;
        foreach (var c in criteria)
        {
            if (c.Name == "keywords")
            {
                criterion = c;
                break;
            }
            if (c.IsNull)
                return null;
        }
        // A string limit is iterated by Python character by character: '成功' means the keywords '成' and '功'
        // (one Planning sample has this).
        if (criterion is not null && criterion.Limit.ValueKind == JsonValueKind.String && criterion.Limit.GetString()!.Length > 0)
            return [.. CharacterBleu.CodePoints(criterion.Limit.GetString()!).Select(char.ConvertFromUtf32)];
        // Upstream asserts a non-empty keyword list here; an AssertionError stops its whole run.
        if (criterion is null || criterion.Limit.ValueKind != JsonValueKind.Array || criterion.Limit.GetArrayLength() == 0)
            throw sample.Error(field, "has no non-empty 'keywords' criterion before its end (upstream's assertion fails)");
        var keywords = new List<string>();
        foreach (var k in criterion.Limit.EnumerateArray())
        {
            if (k.ValueKind != JsonValueKind.String)
                throw sample.Error(field, "a keyword is not a string");
            keywords.Add(k.GetString()!);
        }
        return keywords;
    }

    private static double InputScore(string answer, string? inputText, CelloSample sample)
    {
        var keywords = KeywordsOf(sample.InputDependentQuery, sample, "Input_depdent_query");
        if (keywords is null)
            return double.NaN;
        double score = (double)keywords.Count(k => answer.Contains(k, StringComparison.Ordinal)) / keywords.Count;
        if (inputText is not null && inputText != "NULL")
            score = (1 - CharacterBleu.Score(answer, inputText)) * score;
        return score;
    }

    private static double CountLimitScore(string answer, CelloHistoryTail history, CelloSample sample)
    {
        var criteria = sample.CountLimit;
        double word = WordCountScore(answer, criteria, sample.Lang);
        double samples = SampleCountScore(answer, criteria, sample);
        double sentence = SentenceCountScore(answer, criteria, sample.Lang);
        double revise = double.NaN;
        if (history.HasTurns)
            revise = history.LastAnswer is null ? 0 : ReviseScore(history.LastAnswer, answer, criteria, sample);
        return NanMean(word, samples, sentence, revise);
    }

    private static readonly Regex ChineseCharacter = new("[\u4e00-\u9fa5]", RegexOptions.CultureInvariant);
    private static readonly Regex ChineseSentence = new("[^。！？；\n]+[。！？；\n]", RegexOptions.CultureInvariant);
    private static readonly Regex Digits = new(@"\d+", RegexOptions.CultureInvariant);

    private static double WordCountScore(string answer, IReadOnlyList<CelloCriterion> criteria, string lang)
    {
        var criterion = Find(criteria, "word-max", "word-min", "word-exact", "word-min-max");
        if (criterion is null)
            return double.NaN;
        int length = lang switch
        {
            "ch" => ChineseCharacter.Count(answer),
            "eg" => CountValidEnglishWords(answer),
            _ => 0,
        };
        double limit = Number(criterion.Limit);
        return criterion.Name switch
        {
            "word-max" when length > limit => Math.Max(1 - Math.Abs(limit - length) / length, 0),
            "word-min" when length < limit => Math.Max(length / limit, 0),
            _ => 1,
        };
    }

    private static int CountValidEnglishWords(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsAsciiLetterOrDigit));

    private static double SampleCountScore(string answer, IReadOnlyList<CelloCriterion> criteria, CelloSample sample)
    {
        // Upstream keeps the last sample-* mode across the loop and scores once per criterion after the first
        // match (a following non-sample criterion re-scores the same mode); the max of those scores counts.
        string mode = "";
        JsonElement limit = default;
        var scores = new List<double>();
        foreach (var criterion in criteria)
        {
            if (criterion.Name is "sample-table" or "sample-min" or "sample-number")
            {
                mode = criterion.Name;
                limit = criterion.Limit;
            }
            else if (criterion.IsNull)
                return double.NaN;
            if (mode == "")
                return double.NaN;
            double score = 0;
            switch (mode)
            {
                case "sample-min":
                    int met = 0;
                    int total = 0;
                    foreach (var pair in limit.EnumerateArray())
                    {
                        total++;
                        string needle = pair[0].GetString() ?? throw sample.Error("Count_limit", "sample-min entry is not [string, count]");
                        if (CountOccurrences(answer, needle) >= Number(pair[1]))
                            met++;
                    }
                    score = (double)met / total;
                    break;
                case "sample-table":
                    int begin = answer.IndexOf('|', StringComparison.Ordinal);
                    if (begin >= 0)
                    {
                        int end = answer.LastIndexOf('|');
                        answer = answer[begin..(end + 1)];
                        if (answer.Count(c => c == '\n') == Number(limit) + 1)
                            score = 1;
                    }
                    break;
                case "sample-number":
                    score = SampleNumberScore(answer, Number(limit));
                    break;
            }
            scores.Add(score);
        }
        if (scores.Count == 0)
            throw sample.Error("Count_limit", "is an empty list (upstream's np.max of nothing fails)");
        return scores.Max();
    }

    // Python str.count: non-overlapping occurrences; an empty needle counts len+1.
    private static int CountOccurrences(string text, string needle)
    {
        if (needle.Length == 0)
            return CharacterBleu.CodePoints(text).Length + 1;
        int count = 0;
        for (int at = text.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = text.IndexOf(needle, at + needle.Length, StringComparison.Ordinal))
            count++;
        return count;
    }

    private static double SampleNumberScore(string answer, double limit)
    {
        // Any number above the limit fails; otherwise one equal to it passes (upstream's set order cannot matter).
        bool equal = false;
        foreach (Match m in Digits.Matches(answer))
        {
            var value = ParseDigits(m.Value);
            if (value > new BigInteger(limit))
                return 0;
            if (value == new BigInteger(limit) && Math.Floor(limit) == limit)
                equal = true;
        }
        return equal ? 1 : 0;
    }

    private static BigInteger ParseDigits(string digits)
    {
        BigInteger value = 0;
        foreach (char c in digits)
            value = value * 10 + (int)char.GetNumericValue(c);
        return value;
    }

    private static double SentenceCountScore(string answer, IReadOnlyList<CelloCriterion> criteria, string lang)
    {
        var criterion = Find(criteria, "sentence-max", "sentence-min", "sentence-min-max", "sentence-exact");
        if (criterion is null)
            return double.NaN;
        if (lang != "ch")
            throw new NotSupportedException("CELLO English sentence counting (NLTK sent_tokenize) is not implemented; every published sample is Chinese");
        int count = ChineseSentence.Count(answer);
        var limit = criterion.Limit;
        return criterion.Name switch
        {
            "sentence-max" => double.NaN, // upstream computes a score and then overwrites it with NaN
            "sentence-min" => count < Number(limit) ? Math.Max(count / Number(limit), 0) : 1,
            "sentence-min-max" => Number(limit[0]) <= count && count <= Number(limit[1]) ? 1 : 0,
            "sentence-exact" => count == Number(limit) ? 1 : 0,
            _ => 0,
        };
    }

    private static double ReviseScore(string previous, string now, IReadOnlyList<CelloCriterion> criteria, CelloSample sample)
    {
        var criterion = Find(criteria, "revise");
        if (criterion is null)
            return double.NaN;
        string? limit = criterion.Limit.ValueKind == JsonValueKind.String ? criterion.Limit.GetString() : null;
        if (limit is not ("longer" or "shorter"))
            throw sample.Error("Count_limit", "revise limit must be \"longer\" or \"shorter\"");
        int nowLength = CharacterBleu.CodePoints(now).Length;
        int previousLength = CharacterBleu.CodePoints(previous).Length;
        return limit == "longer" ? (nowLength >= previousLength ? 1 : 0) : (nowLength <= previousLength ? 1 : 0);
    }

    private static double Number(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.String when double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
        _ => throw new InvalidDataException($"CELLO: expected a number in a count limit, found {element.GetRawText()}"),
    };
}

/// <summary>Whether a result row has earlier turns, and the assistant text of its last turn (null when not a string).</summary>
public readonly record struct CelloHistoryTail(bool HasTurns, string? LastAnswer);
