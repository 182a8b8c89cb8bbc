using Raif.Core.Text;

namespace Raif.Core.Tests.Text;

/// <summary>Expected values are what CPython 3.11 returns for the same calls.</summary>
public class PyStrTests
{
    [Theory]
    [InlineData("  a b \n", "a b")]
    [InlineData("\u001c\u001fx\u3000", "x")] // U+001C..U+001F and U+3000 are whitespace to Python
    [InlineData("\u200bx", "\u200bx")] // zero-width space is not
    [InlineData("", "")]
    public void Strip_uses_python_whitespace(string input, string expected) => Assert.Equal(expected, PyStr.Strip(input));

    [Fact]
    public void Dotnet_trim_differs_from_python_strip_on_information_separators()
    {
        // The reason PyStr exists: .NET leaves U+001F, Python removes it.
        Assert.Equal("\u001fx", "\u001fx".Trim());
        Assert.Equal("x", PyStr.Strip("\u001fx"));
    }

    [Theory]
    [InlineData("```json\n{}\n```", "```json", "\n{}\n```")]
    [InlineData("json{}", "```json", "{}")] // a set of characters, not a prefix
    [InlineData("nosj{}", "```json", "{}")]
    public void Lstrip_with_chars_removes_a_character_set(string input, string chars, string expected) =>
        Assert.Equal(expected, PyStr.LStrip(input, chars));

    [Fact]
    public void Rstrip_with_chars_removes_a_character_set() => Assert.Equal("{}", PyStr.RStrip("{}```", "`"));
}
