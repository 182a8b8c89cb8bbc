using Raif.Verifiers.IfBench;
using Raif.Verifiers.IfEval;
using Raif.Verifiers.Python;
using Raif.Verifiers.Tests.IfEval;

namespace Raif.Verifiers.Tests.IfBench;

/// <summary>The fixed-task <c>custom:*</c> checkers on texts built to pass or to fail one condition each (expected
/// verdicts from upstream's rules, c94da02), and the Python csv reader they rely on.</summary>
public class CustomCheckerTests
{
    private static bool Strict(string id, string response) => CheckerRuleTests.Follow(id, "{}", response).Strict[0];

    private static readonly string[] Capitals =
    [
        "Reykjavík", "Helsinki", "Oslo", "Tallinn", "Stockholm", "Riga", "Moscow", "Copenhagen", "Vilnius",
        "Minsk", "Dublin", "Berlin", "Amsterdam", "Warsaw", "London", "Brussels", "Prague", "Luxembourg",
        "Paris", "Vienna", "Bratislava", "Budapest", "Vaduz", "Chișinău", "Bern", "Ljubljana", "Zagreb",
    ];

    [Fact]
    public void European_capitals_in_latitude_order_pass_with_accents_folded()
    {
        Assert.True(Strict("custom:european_capitals_sort", string.Join(", ", Capitals)));
        var swapped = Capitals.ToArray();
        (swapped[0], swapped[1]) = (swapped[1], swapped[0]);
        Assert.False(Strict("custom:european_capitals_sort", string.Join(", ", swapped)));
        Assert.False(Strict("custom:european_capitals_sort", string.Join(", ", Capitals.Take(26))));
    }

    [Fact]
    public void Countries_in_reverse_order_need_52_lines_from_zimbabwe()
    {
        // Zimbabwe, then 51 lines in descending order; "São Tomé" folds to "Sao Tome", which sorts after "S0..".
        var lines = new List<string> { "Zimbabwe", "São Tomé and Príncipe" };
        lines.AddRange(Enumerable.Range(0, 50).Select(i => $"C{99 - i:D2}"));
        Assert.True(Strict("custom:reverse_newline", "Here they are:\n" + string.Join("\n", lines)));
        Assert.False(Strict("custom:reverse_newline", string.Join("\n", lines.Take(51))));
        (lines[2], lines[3]) = (lines[3], lines[2]);
        Assert.False(Strict("custom:reverse_newline", string.Join("\n", lines)));
    }

    [Fact]
    public void Twenty_six_sentences_must_start_with_a_to_z()
    {
        var sentences = Enumerable.Range(0, 26).Select(i => $"{(char)('A' + i)}word goes here.").ToList();
        Assert.True(Strict("custom:sentence_alphabet", string.Join(" ", sentences)));
        (sentences[3], sentences[4]) = (sentences[4], sentences[3]);
        Assert.False(Strict("custom:sentence_alphabet", string.Join(" ", sentences)));
        Assert.False(Strict("custom:sentence_alphabet", string.Join(" ", sentences.Take(25))));
    }

    private static string Mcq(params string[] questions) => string.Join("\n", questions.Select((q, i) =>
        $"Question {i + 1}: {q}\nA. one\nB. two\nC. three\nD. four\nE. five"));

    [Fact]
    public void Four_questions_with_five_options_each_getting_longer()
    {
        Assert.True(Strict("custom:mcq_count_length", Mcq("What?", "What is?", "What is it?", "What is it now?")));
        Assert.False(Strict("custom:mcq_count_length", "Here you go.\n" + Mcq("What?", "What is?", "What is it?", "What is it now?")));
        Assert.False(Strict("custom:mcq_count_length", Mcq("What is?", "What?", "What is it?", "What is it now?")));
        Assert.False(Strict("custom:mcq_count_length", Mcq("What?", "What is?", "What is it?")));
    }

    private static string Rows(int n) => string.Join("\n", Enumerable.Range(1, n).Select(i => $"{i},France,\"Paris, FR\",2020,{i}"));

    [Fact]
    public void City_csv_needs_the_header_and_seven_rows_of_five_fields()
    {
        Assert.True(Strict("custom:csv_city", "ID,Country,City,Year,Count\n" + Rows(7)));
        Assert.False(Strict("custom:csv_city", "ID,Country,City,Year,Count\n" + Rows(6)));
        Assert.False(Strict("custom:csv_city", "ID, Country,City,Year,Count\n" + Rows(7)));
        // A blank line is an empty row to Python's csv reader, so there are 9 rows.
        Assert.False(Strict("custom:csv_city", "ID,Country,City,Year,Count\n\n" + Rows(7)));
    }

    [Fact]
    public void Special_character_csv_needs_a_quoted_field_with_a_special_character()
    {
        string header = "ProductID,Category,Brand,Price,Stock\n";
        string plain = string.Join("\n", Enumerable.Range(1, 13).Select(i => $"{i},Toys,Acme,10,5"));
        Assert.True(Strict("custom:csv_special_character", header + plain + "\n14,Toys,\"Tom & Jerry\",10,5"));
        Assert.False(Strict("custom:csv_special_character", header + plain + "\n14,Toys,\"Tom and Jerry\",10,5"));
        Assert.False(Strict("custom:csv_special_character", header + plain));
    }

    [Fact]
    public void Quoted_tab_csv_needs_every_field_quoted()
    {
        string header = "\"StudentID\"\t\"Subject\"\t\"Grade\"\t\"Semester\"\t\"Score\"\n";
        string rows = string.Join("\n", Enumerable.Range(1, 3).Select(i => $"\"{i}\"\t\"Math\"\t\"A\"\t\"Fall\"\t\"9{i}\""));
        Assert.True(Strict("custom:csv_quotes", header + rows));
        Assert.False(Strict("custom:csv_quotes", header + rows.Replace("\"Math\"", "Math", StringComparison.Ordinal)));
        Assert.False(Strict("custom:csv_quotes", header.Replace('\t', ',') + rows));
    }

    [Fact]
    public void Python_csv_reader_semantics()
    {
        // csv.reader(io.StringIO(...)): blank lines are empty rows, a final newline adds no row, quotes may span lines,
        // "" inside quotes is one quote, text after a closing quote joins the field.
        var rows = PyCsv.Read("a,b\n\n\"x\ny\",\"q\"\"r\"\n\"s\"t,\n");
        Assert.Equal(4, rows.Count);
        Assert.Equal(["a", "b"], rows[0]);
        Assert.Empty(rows[1]);
        Assert.Equal(["x\ny", "q\"r"], rows[2]);
        Assert.Equal(["st", ""], rows[3]);
        Assert.Equal(["a", "b"], PyCsv.Read("a\tb", '\t')[0]);
        Assert.Equal(["a"], PyCsv.Read("a\r\n")[0]);
        Assert.Throws<PyCsvException>(() => PyCsv.Read("a\rb"));
        // An unterminated quoted field at the end of the input is still a row.
        Assert.Equal(["open\n"], PyCsv.Read("\"open\n")[0]);
    }
}

/// <summary>syllapy 0.7.2's own test expectations (tests/test_syllapy.py), and IFBench's argument rules.</summary>
public class SyllapyAndArgumentTests
{
    [Theory]
    [InlineData("dog!!!!!", 1)]
    [InlineData("", 0)]
    [InlineData(" ", 0)]
    [InlineData("!", 0)]
    [InlineData("ostentatious", 4)]
    [InlineData("because", 2)]
    [InlineData("woman", 2)]
    [InlineData("international", 5)]
    [InlineData("Norway", 2)]
    [InlineData("Ohio", 3)]
    [InlineData("part-time", 2)]
    [InlineData("one-on-one", 3)]
    [InlineData("four-at-a-time", 4)]
    [InlineData("4-at-a-time", 0)]
    [InlineData("zero-for-2", 0)]
    public void Syllapy_counts_as_its_tests_say(string word, int expected) => Assert.Equal(expected, Syllapy.Count(word));

    [Fact]
    public void All_58_ids_are_registered_and_none_overlaps_ifeval()
    {
        Assert.Equal(58, IfBenchRegistry.Default.Ids.Count);
        Assert.Equal(InstructionRegistry.Default.Ids.Count + 58, IfBenchRegistry.WithIfeval.Ids.Count);
    }

    [Fact]
    public void Unknown_ids_and_arguments_are_errors_that_name_them()
    {
        var evaluator = new IfevalEvaluator(registry: IfBenchRegistry.Default);
        var unknown = Assert.Throws<IfevalArgumentException>(() => evaluator.Compile(["count:nope"], [Kwargs.Empty]));
        Assert.Equal("count:nope", unknown.InstructionId);
        var extra = Assert.Throws<IfevalArgumentException>(() => evaluator.Compile(["count:numbers"], [Kwargs.Parse("""{"N": 2.0, "bogus": 1}""")]));
        Assert.Equal("bogus", extra.Argument);
        var missing = Assert.Throws<IfevalArgumentException>(() => evaluator.Compile(["count:numbers"], [Kwargs.Parse("""{"N": null}""")]));
        Assert.Equal("N", missing.Argument);
        // Negative numbers make upstream draw a random value: an error here.
        var negative = Assert.Throws<IfevalArgumentException>(() => evaluator.Compile(["words:repeats"], [Kwargs.Parse("""{"small_n": -1.0}""")]));
        Assert.Equal("small_n", negative.Argument);
        // Null-valued keys of other instructions (IFBench's data lists all 42) are ignored.
        evaluator.Compile(["format:emoji"], [Kwargs.Parse("""{"N": null, "keyword": null}""")]);
    }
}
