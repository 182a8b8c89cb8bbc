using System.Numerics;
using Raif.Evaluation.Python;

namespace Raif.Evaluation.Tests.Python;

public sealed class PyJsonTests
{
    [Fact]
    public void A_repeated_key_keeps_its_first_place_and_takes_the_last_value()
    {
        // Python: json.loads('{"a": 1, "b": 2, "a": 3}') == {'a': 3, 'b': 2}, keys in the order a, b.
        Assert.True(PyJson.TryLoads("""{"a": 1, "b": 2, "a": 3}""", out var value, out _));
        var dict = Assert.IsType<OrderedDictionary<string, object?>>(value);
        Assert.Equal(["a", "b"], dict.Keys);
        Assert.Equal(new BigInteger(3), dict["a"]);
    }

    [Fact]
    public void Numbers_keep_python_int_or_float_and_nan_is_accepted()
    {
        Assert.True(PyJson.TryLoads("[1, 1.0, 1e0, NaN, -Infinity, true, null]", out var value, out _));
        var list = Assert.IsType<List<object?>>(value);
        Assert.IsType<BigInteger>(list[0]);
        Assert.IsType<double>(list[1]);
        Assert.IsType<double>(list[2]);
        Assert.True(double.IsNaN((double)list[3]!));
        Assert.Equal(double.NegativeInfinity, list[4]);
        Assert.Equal(true, list[5]);
        Assert.Same(PyNone.Value, list[6]);
    }

    [Theory]
    [InlineData("```json\n{}\n```")]
    [InlineData("{'a': 1}")]
    [InlineData("{\"a\": 1} trailing")]
    [InlineData("[1,]")]
    [InlineData("01")]
    [InlineData("")]
    public void What_json_loads_rejects_is_rejected(string text) => Assert.False(PyJson.TryLoads(text, out _, out _));

    [Theory]
    [InlineData("{}", false)]
    [InlineData("[]", false)]
    [InlineData("0", false)]
    [InlineData("\"\"", false)]
    [InlineData("null", false)]
    [InlineData("{\"a\": 0}", true)]
    [InlineData("0.5", true)]
    public void Truthiness_is_pythons(string text, bool truthy)
    {
        Assert.True(PyJson.TryLoads(text, out var value, out _));
        Assert.Equal(truthy, PyJson.Truthy(value));
    }

    [Fact]
    public void Repr_matches_python()
    {
        // Python: repr([['a\nb', 0.5], ["it's", 1], [None, True, 1e-05, 1.0, 100.0]])
        Assert.True(PyJson.TryLoads("""[["a\nb", 0.5], ["it's", 1], [null, true, 1e-05, 1.0, 100.0]]""", out var value, out _));
        Assert.Equal("""[['a\nb', 0.5], ["it's", 1], [None, True, 1e-05, 1.0, 100.0]]""", PyRepr.Repr(value));
        Assert.Equal("'中文\\t\\\\'", PyRepr.Str("中文\t\\"));
        Assert.Equal("'\\x00\\u200b'", PyRepr.Str("\0\u200b"));
    }

    [Fact]
    public void Json_dumps_indents_by_four_and_keeps_non_ascii()
    {
        Assert.True(PyJson.TryLoads("""{"检查点\"1\"": {"评判理由": "", "weight": 0.3}, "b": {"weight": null}}""", out var value, out _));
        // Python: print(json.dumps(value, indent=4, ensure_ascii=False))
        const string expected = "{\n    \"检查点\\\"1\\\"\": {\n        \"评判理由\": \"\",\n        \"weight\": 0.3\n    },\n    \"b\": {\n        \"weight\": null\n    }\n}";
        Assert.Equal(expected, PyRepr.JsonDumps(value));
        Assert.Equal("{}", PyRepr.JsonDumps(new OrderedDictionary<string, object?>()));
    }
}
