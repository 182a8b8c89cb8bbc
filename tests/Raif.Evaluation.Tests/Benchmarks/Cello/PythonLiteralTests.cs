using Raif.Evaluation.Benchmarks.Cello;

namespace Raif.Evaluation.Tests.Benchmarks.Cello;

/// <summary>Expected kinds are what CPython 3 <c>ast.literal_eval</c> / <c>eval</c> documents for each input.</summary>
public sealed class PythonLiteralTests
{
    [Theory]
    [InlineData("{'a': 1, \"b\": [1, 2.5, -3]}", PythonValueKind.Dict)]
    [InlineData("{}", PythonValueKind.Dict)]
    [InlineData("{1, 2}", PythonValueKind.Set)]
    [InlineData("[('x', 1), ('y', 2)]", PythonValueKind.List)]
    [InlineData("1, 2", PythonValueKind.Tuple)] // a bare comma list is a tuple
    [InlineData("(1,)", PythonValueKind.Tuple)]
    [InlineData("()", PythonValueKind.Tuple)]
    [InlineData("(1)", PythonValueKind.Int)] // parentheses alone make no tuple
    [InlineData("  {'a': 1}", PythonValueKind.Dict)] // leading spaces are stripped
    [InlineData("\n{'a': 1}\n\n", PythonValueKind.Dict)] // blank lines around are fine
    [InlineData("{'a':\n   1}  # comment", PythonValueKind.Dict)] // newlines inside brackets are whitespace
    [InlineData("'a' \"b\"", PythonValueKind.Str)] // implicit concatenation
    [InlineData("1+2j", PythonValueKind.Complex)]
    [InlineData("{'k': None, 'v': True}", PythonValueKind.Dict)]
    [InlineData("{(1, 2): 'tuple keys are hashable'}", PythonValueKind.Dict)]
    [InlineData("[1, 2,]", PythonValueKind.List)]
    [InlineData("r'\\d' b'x'", null)] // cannot mix bytes and str
    [InlineData("{\"a\": true}", null)] // NameError: JSON's true is not Python
    [InlineData("{[1]: 2}", null)] // TypeError: unhashable key
    [InlineData("{'a': 1}\n{'b': 2}", null)] // two statements
    [InlineData("\n  {'a': 1}", null)] // IndentationError: unexpected indent
    [InlineData("```json\n{}\n```", null)]
    [InlineData("0123", null)] // leading zeros in a decimal integer
    [InlineData("--1", null)] // literal_eval takes one sign on a number only
    [InlineData("'unterminated", null)]
    [InlineData("{'a': 1", null)]
    [InlineData("", null)]
    [InlineData("以下是结果：{'a': 1}", null)]
    public void Evaluates_like_python(string text, PythonValueKind? expected) =>
        Assert.Equal(expected, PythonLiteral.TryEvaluate(text));
}
