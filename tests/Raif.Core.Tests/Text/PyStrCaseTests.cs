using System.Text;
using Raif.Core.Text;

namespace Raif.Core.Tests.Text;

/// <summary>Expected values are what CPython 3.11 (Debian 12's python3) prints for the same calls.</summary>
public class PyStrCaseTests
{
    [Theory]
    [InlineData("HELLO World", "hello world")]
    [InlineData("\u0130stanbul", "i\u0307stanbul")] // the one full (one-to-two) lowercase mapping
    [InlineData("ΟΔΟΣ ΣΑΣ", "οδος σας")] // final sigma at word ends
    [InlineData("Σ", "σ")] // no cased letter before it: not final
    [InlineData("ΑΣ.", "ας.")]
    [InlineData("ΑΣ'Β", "ασ'β")] // the apostrophe is case-ignorable, a cased letter follows: not final
    [InlineData("ǅungla", "ǆungla")]
    [InlineData("ÀÉÎ", "àéî")]
    [InlineData("\U00010400\U00010401x", "\U00010428\U00010429x")] // Deseret, outside the BMP
    public void Lower_matches_python(string input, string expected) => Assert.Equal(expected, PyStr.Lower(input));

    [Theory]
    [InlineData("ABC", true, false)]
    [InlineData("ABC 123", true, false)]
    [InlineData("123", false, false)] // no cased character
    [InlineData("", false, false)]
    [InlineData("Ⅻ", true, false)] // Roman numeral (Nl) with Other_Uppercase
    [InlineData("ⅻ", false, true)]
    [InlineData("ǅ", false, false)] // titlecase
    [InlineData("HELLO, WORLD!", true, false)]
    [InlineData("ÀB", true, false)]
    [InlineData("ª", false, true)] // Lo with Other_Lowercase
    [InlineData("ABCª", false, false)]
    [InlineData("Ⓐ", true, false)]
    [InlineData("ⓐ", false, true)]
    [InlineData("你好", false, false)]
    [InlineData("HELLO 你好", true, false)]
    [InlineData("hello 你好", false, true)]
    public void Isupper_and_islower_match_python(string input, bool upper, bool lower)
    {
        Assert.Equal(upper, PyStr.IsUpper(input));
        Assert.Equal(lower, PyStr.IsLower(input));
    }

    [Fact]
    public void Split_without_arguments_uses_python_whitespace() =>
        Assert.Equal(["a", "b", "c", "d"], PyStr.Split(" a  b\u3000c\u001cd "));

    [Theory]
    [InlineData("_", true)]
    [InlineData("a", true)]
    [InlineData("中", true)]
    [InlineData("٣", true)] // Arabic-Indic digit (Nd)
    [InlineData("Ⅻ", true)] // Nl: a word character to Python, not to .NET's \w
    [InlineData("½", true)] // No
    [InlineData("\u0301", false)] // combining acute (Mn): a word character to .NET's \w, not to Python
    [InlineData("\u093e", false)] // Devanagari vowel sign AA (Mc)
    [InlineData("\u203f", false)] // undertie (Pc): .NET \w, not Python
    [InlineData("-", false)]
    [InlineData("\U00020000", true)] // CJK Extension B, outside the BMP
    public void Word_characters_follow_python_re(string ch, bool expected) =>
        Assert.Equal(expected, PyUnicode.IsWordChar(Rune.GetRuneAt(ch, 0)));

    [Fact]
    public void Simple_case_mappings_fix_the_two_dotted_i_differences_of_dotnet()
    {
        Assert.Equal('i', PyUnicode.SimpleLower(new Rune(0x130)).Value);
        Assert.Equal('I', PyUnicode.SimpleUpper(new Rune(0x131)).Value);
        Assert.Equal(0x130, Rune.ToLowerInvariant(new Rune(0x130)).Value); // the reason for the fix
    }
}
