using System.Globalization;
using System.Text.RegularExpressions;
using Raif.Core.Text;
using Raif.Verifiers.IfEval;
using Raif.Verifiers.Python;
using static Raif.Verifiers.IfBench.IfBenchText;

namespace Raif.Verifiers.IfBench.Checkers;

/// <summary>IFBench's <c>custom:*</c> checkers (fixed-task prompts, 2025 semantics).</summary>
internal static class CustomChecks
{
    private const RegexOptions Options = RegexOptions.CultureInvariant;

    /// <summary><c>custom:multiples</c>: the digit runs (after ',' becomes ', ') are exactly 14 21 28 35 42 49.</summary>
    public static bool Multiples(string value) =>
        CountChecks.DigitRuns(value.Replace(",", ", ", StringComparison.Ordinal)).SequenceEqual(["14", "21", "28", "35", "42", "49"]);

    private static readonly Regex QuestionSplitter = new(@"\n*(?:Question \d+[\.|\):;]?" + PyRegexClasses.Space + "*)", Options);

    /// <summary><c>custom:mcq_count_length</c>: starts with "Question", four questions with five A–E options each,
    /// question texts strictly getting longer.</summary>
    public static bool MultipleChoiceQuestions(string value)
    {
        int start = value.IndexOf("Question", StringComparison.Ordinal);
        // value[value.find('Question'):] with find = -1 is the last character.
        string fromQuestion = start >= 0 ? value[start..] : LastChar(value);
        if (fromQuestion != value)
            return false;
        var pieces = PySplit.Split(QuestionSplitter, value);
        if (pieces.Count > 0 && pieces[0].Length == 0)
            pieces.RemoveAt(0);
        var questions = pieces.Where(q => PyStr.Strip(q).Length > 0).Select(PyStr.Strip).ToList();
        if (questions.Count != 4)
            return false;
        var lengths = new List<int>();
        foreach (string question in questions)
        {
            string text = "";
            int options = 0;
            bool doneWithQuestion = false;
            foreach (string line in question.Split('\n'))
            {
                if (IsOptionLine(PyStr.Strip(line)))
                {
                    options++;
                    doneWithQuestion = true;
                }
                else if (!doneWithQuestion)
                    text += " " + PyStr.Strip(line);
            }
            if (options != 5)
                return false;
            lengths.Add(Length(PyStr.Strip(text)));
        }
        for (int i = 0; i + 1 < lengths.Count; i++)
        {
            if (lengths[i] >= lengths[i + 1])
                return false;
        }
        return true;
    }

    private static string LastChar(string s) =>
        s.Length == 0 ? "" : s.Length >= 2 && char.IsLowSurrogate(s[^1]) && char.IsHighSurrogate(s[^2]) ? s[^2..] : s[^1..];

    // re.match(r'^[A-Ea-e][\.|\)]\s*\w+', line)
    private static bool IsOptionLine(string line)
    {
        if (line.Length < 3 || !(line[0] is >= 'A' and <= 'E' or >= 'a' and <= 'e') || line[1] is not ('.' or '|' or ')'))
            return false;
        int i = 2;
        while (i < line.Length && PyStr.IsSpace(line[i]))
            i++;
        return i < line.Length && PyUnicode.IsWordChar(PyUnicode.RuneAt(line, i)) && !(char.IsSurrogate(line[i]) && PyUnicode.LengthAt(line, i) == 1);
    }

    /// <summary><c>custom:reverse_newline</c>: from the first line containing "Zimbabwe", at least 52 non-empty lines
    /// in reverse alphabetical order (compared NFKD-folded to ASCII).</summary>
    public static bool ReverseNewline(string value)
    {
        var lines = value.Split('\n').Select(l => PyStr.Strip(l, PunctuationAndSpace)).Where(l => l.Length > 0).ToList();
        int start = lines.FindIndex(l => l.Contains("Zimbabwe", StringComparison.Ordinal));
        if (start < 0 || lines.Count - start < 52)
            return false;
        var normalized = lines.Skip(start).Select(AsciiFold).ToList();
        for (int i = 0; i + 1 < normalized.Count; i++)
        {
            if (string.CompareOrdinal(normalized[i], normalized[i + 1]) < 0)
                return false;
        }
        return true;
    }

    /// <summary><c>custom:word_reverse</c>: the words reversed (lower-cased, punctuation removed) contain "bald eagle"
    /// and form exactly one of their own sentences.</summary>
    public static bool WordReverseOrder(string value)
    {
        value = RemovePunctuation(PyStr.Strip(PyStr.Lower(value)));
        var words = PyStr.Split(value);
        words.Reverse();
        value = string.Join(' ', words);
        if (!value.Contains("bald eagle", StringComparison.Ordinal))
            return false;
        return SplitIntoSentences(value).Contains(value, StringComparer.Ordinal);
    }

    /// <summary><c>custom:character_reverse</c>: contains "elgae dlab" (case-insensitive).</summary>
    public static bool CharacterReverseOrder(string value) => PyStr.Lower(value).Contains("elgae dlab", StringComparison.Ordinal);

    /// <summary><c>custom:sentence_alphabet</c>: 26 sentences whose first words start with a, b, …, z. A blank
    /// sentence raises IndexError upstream.</summary>
    public static bool SentenceAlphabet(string value)
    {
        var sentences = SplitIntoSentences(value);
        if (sentences.Count != 26)
            return false;
        for (int i = 0; i < sentences.Count; i++)
        {
            var words = PyStr.Split(PyStr.LStrip(sentences[i]));
            if (words.Count == 0)
                throw CheckRaisedException.IndexError($"list index out of range (sentence {i + 1} is blank)");
            string first = PyStr.Lower(words[0]);
            if (first[0] != (char)('a' + i))
                return false;
        }
        return true;
    }

    private static readonly string[] Capitals =
    [
        "Reykjavik", "Helsinki", "Oslo", "Tallinn", "Stockholm", "Riga", "Moscow", "Copenhagen", "Vilnius",
        "Minsk", "Dublin", "Berlin", "Amsterdam", "Warsaw", "London", "Brussels", "Prague", "Luxembourg",
        "Paris", "Vienna", "Bratislava", "Budapest", "Vaduz", "Chisinau", "Bern", "Ljubljana", "Zagreb",
    ];

    /// <summary><c>custom:european_capitals_sort</c>: exactly the 27 capitals, comma-separated, in upstream's order.</summary>
    public static bool EuropeanCapitalsSort(string value)
    {
        var capitals = AsciiFold(value).Split(',').Where(c => PyStr.Strip(c).Length > 0).ToList();
        if (capitals.Count != Capitals.Length)
            return false;
        for (int i = 0; i < capitals.Count; i++)
        {
            if (PyStr.Strip(capitals[i]) != Capitals[i])
                return false;
        }
        return true;
    }

    /// <summary><c>custom:csv_city</c>: Python's csv reader finds 8 rows, the header ID,Country,City,Year,Count and
    /// five fields in every row.</summary>
    public static bool CityCsv(string value)
    {
        var data = ReadCsv(value, ',');
        if (data.Count != 8 || !data[0].SequenceEqual(["ID", "Country", "City", "Year", "Count"]))
            return false;
        return data.Skip(1).All(row => row.Count == 5);
    }

    private static readonly Regex ProductHeader = new(
        "^(ProductID|\"ProductID\"),[ \t]*(Category|\"Category\"),[ \t]*(Brand|\"Brand\"),[ \t]*(Price|\"Price\"),[ \t]*(Stock|\"Stock\")$", Options);

    private static readonly Regex SpecialField = new(
        "^\".*[^" + @"\d" + PyRegexClasses.WordBody + PyRegexClasses.SpaceBody + "].*\"", Options);

    /// <summary><c>custom:csv_special_character</c>: the product header, 15 rows once every quote is tripled, and a
    /// quoted field with a special character in some row (rows after that one are not checked, as upstream).</summary>
    public static bool SpecialCharacterCsv(string value)
    {
        if (!ProductHeader.IsMatch(PyStr.Strip(value.Split('\n')[0])))
            return false;
        var data = ReadCsv(value.Replace("\"", "\"\"\"", StringComparison.Ordinal), ',');
        if (data.Count != 15)
            return false;
        foreach (var row in data.Skip(1))
        {
            if (row.Count != 5)
                return false;
            if (row.Any(field => SpecialField.IsMatch(field)))
                return true;
        }
        return false;
    }

    private static readonly Regex StudentHeader = new(
        "^(StudentID|\"StudentID\")\t *(Subject|\"Subject\")\t *(Grade|\"Grade\")\t *(Semester|\"Semester\")\t *(Score|\"Score\")$", Options);

    /// <summary><c>custom:csv_quotes</c>: the student header (tab-separated), 4 rows of 5 fields once every quote is
    /// tripled, every field quoted. A blank field raises IndexError upstream.</summary>
    public static bool QuotesCsv(string value)
    {
        if (!StudentHeader.IsMatch(PyStr.Strip(value.Split('\n')[0])))
            return false;
        var data = ReadCsv(value.Replace("\"", "\"\"\"", StringComparison.Ordinal), '\t');
        if (data.Count != 4)
            return false;
        foreach (var row in data)
        {
            if (row.Count != 5)
                return false;
            foreach (string field in row)
            {
                string stripped = PyStr.Strip(field);
                if (stripped.Length == 0)
                    throw CheckRaisedException.IndexError("string index out of range (a blank field)");
                if (stripped[0] != '"' || stripped[^1] != '"')
                    return false;
            }
        }
        return true;
    }

    private static List<List<string>> ReadCsv(string text, char delimiter)
    {
        try
        {
            return PyCsv.Read(text, delimiter);
        }
        catch (PyCsvException e)
        {
            throw new CheckRaisedException("_csv.Error", e.Message);
        }
    }

    private static readonly Regex DatePattern = new(@"^\d{4}-\d{2}-\d{2}$", Options);

    /// <summary><c>custom:date_format_list</c>: comma-separated YYYY-MM-DD dates with years 1769–1821, months ≤ 12
    /// and days within the month (29 for February).</summary>
    public static bool DateFormatList(string value)
    {
        foreach (string raw in PyStr.Strip(value).Split(','))
        {
            string date = PyStr.Strip(raw);
            if (!DatePattern.IsMatch(date))
                return false;
            var parts = date.Split('-');
            int year = Digits(parts[0]), month = Digits(parts[1]), day = Digits(parts[2]);
            if (year is < 1769 or > 1821 || month > 12)
                return false;
            int maxDay = month switch { 1 or 3 or 5 or 7 or 8 or 10 or 12 => 31, 4 or 6 or 9 or 11 => 30, 2 => 29, _ => int.MaxValue };
            if (day > maxDay)
                return false;
        }
        return true;
    }

    // int() of a run of Unicode decimal digits (Python accepts any Nd digits).
    private static int Digits(string s)
    {
        int n = 0;
        foreach (char c in s)
            n = n * 10 + CharUnicodeInfo.GetDecimalDigitValue(c);
        return n;
    }
}
