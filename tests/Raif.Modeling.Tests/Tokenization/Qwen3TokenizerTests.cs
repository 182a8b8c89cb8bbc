using Raif.Core.Jsonl;

namespace Raif.Modeling.Tests.Tokenization;

[Collection(Qwen3TokenizerCollection.Name)]
public class Qwen3TokenizerTests(Qwen3TokenizerFixture fixture)
{
    private static string ExpectedFile => Path.Combine(AppContext.BaseDirectory, "Tokenization", "Qwen3", "expected-ids.jsonl");

    public static TheoryData<int> Lines()
    {
        var data = new TheoryData<int>();
        int n = File.ReadLines(ExpectedFile).Count(l => l.Length > 0);
        for (int i = 0; i < n; i++)
            data.Add(i);
        return data;
    }

    private static (string Text, int[] Ids) Line(int index)
    {
        var line = JsonlReader.ReadLines(ExpectedFile).ElementAt(index);
        return (line.RequiredString("text"), line.OptionalIntArray("ids")!);
    }

    [Fact]
    public void The_issue_example_encodes_to_the_published_ids()
    {
        Assert.Equal(
            new[] { 9707, 1879, 220, 151644, 872, 198, 108386, 151645 },
            fixture.Tokenizer.Encode("Hello world <|im_start|>user\n你好<|im_end|>"));
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void Ids_equal_the_javascript_reference_tokenizer(int index)
    {
        var (text, expected) = Line(index);
        Assert.Equal(expected, fixture.Tokenizer.Encode(text));
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void Decoding_the_reference_ids_gives_the_nfc_text_back(int index)
    {
        var (text, expected) = Line(index);
        Assert.Equal(text.Normalize(System.Text.NormalizationForm.FormC), fixture.Tokenizer.Decode(expected));
    }

    [Fact]
    public void Decoding_can_skip_special_tokens_but_keeps_plain_added_tokens()
    {
        var ids = fixture.Tokenizer.Encode("<|im_start|>user\nhi<|im_end|><think>x</think>");
        Assert.Equal("user\nhi<think>x</think>", fixture.Tokenizer.Decode(ids, skipSpecialTokens: true));
        Assert.Equal("<|im_start|>user\nhi<|im_end|><think>x</think>", fixture.Tokenizer.Decode(ids));
    }

    [Fact]
    public void Special_token_ids_and_settings_come_from_the_files()
    {
        var t = fixture.Tokenizer;
        Assert.Equal(151643, t.TokenToId("<|endoftext|>"));
        Assert.Equal(151645, t.EosTokenId);
        Assert.Equal(151643, t.PadTokenId);
        Assert.True(t.IsSpecial(151644));
        Assert.False(t.IsSpecial(t.TokenToId("<think>")!.Value));
        Assert.Contains("<|im_start|>", t.Settings.ChatTemplate);
    }
}
