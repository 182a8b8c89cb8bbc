using System.Text;
using Raif.Modeling.Generation;
using Raif.Server.Inference;
using Raif.Server.Tests.Fixtures;
using Raif.TestSupport;

namespace Raif.Server.Tests;

/// <summary>Incremental text for streaming: whole characters only, stop strings cut, nothing released that a stop string could take back.</summary>
[Collection(ServerCollection.Name)]
public class ChoiceTextTests(ServerFixture fixture)
{
    // The tiny tokenizer has one token per UTF-8 byte, so multi-byte characters arrive in pieces.
    private int[] Ids(string text) => fixture.Model.Tokenizer.Encode(text);

    private (string Streamed, ChoiceText Choice) Feed(string text, params string[] stops)
    {
        var choice = new ChoiceText(fixture.Model.Tokenizer, skipSpecialTokens: true, stops);
        var streamed = new StringBuilder();
        foreach (int id in Ids(text))
        {
            string delta = choice.Add(id, -1f, null);
            Assert.DoesNotContain('\uFFFD', delta);
            streamed.Append(delta);
        }
        streamed.Append(choice.Finish(FinishReason.Length));
        return (streamed.ToString(), choice);
    }

    [Fact]
    public void Multi_byte_characters_are_released_whole_and_the_stream_equals_the_text()
    {
        const string text = "héllo 你好 wörld 🎉!";
        Assert.Equal(Encoding.UTF8.GetByteCount(text), Ids(text).Length);
        var (streamed, choice) = Feed(text);
        Assert.Equal(text, streamed);
        Assert.Equal(text, choice.Text);
        Assert.Equal(FinishReason.Length, choice.Finished);
    }

    [Fact]
    public void A_stop_string_cuts_the_text_and_nothing_after_it_is_released()
    {
        var (streamed, choice) = Feed("one two STOP three", "STOP", "never");
        Assert.Equal("one two ", streamed);
        Assert.Equal("one two ", choice.Text);
        Assert.True(choice.StopStringHit);
        Assert.Equal(FinishReason.Stop, choice.Finished);
        // The token that completed the stop string is the last one counted.
        Assert.Equal(Ids("one two STOP").Length, choice.Tokens.Count);
        Assert.Equal("", choice.Add(Ids("x")[0], 0, null));
    }

    [Fact]
    public void A_possible_start_of_a_stop_string_is_held_back_until_it_is_decided()
    {
        var choice = new ChoiceText(fixture.Model.Tokenizer, skipSpecialTokens: true, ["END"]);
        var released = new StringBuilder();
        foreach (int id in Ids("abc EN"))
            released.Append(choice.Add(id, 0, null));
        Assert.Equal("abc ", released.ToString()); // "EN" could become "END"
        foreach (int id in Ids("Dx"))
            released.Append(choice.Add(id, 0, null));
        Assert.Equal("abc ", released.ToString());
        Assert.True(choice.StopStringHit);

        var other = new ChoiceText(fixture.Model.Tokenizer, skipSpecialTokens: true, ["END"]);
        var text = new StringBuilder();
        foreach (int id in Ids("abc ENx"))
            text.Append(other.Add(id, 0, null));
        Assert.Equal("abc ENx", text.ToString()); // "ENx" cannot become "END": released
    }

    [Fact]
    public void Special_tokens_are_skipped_unless_asked_for()
    {
        int[] ids = [.. Ids("hi"), TinyModel.ImEnd];
        var skip = new ChoiceText(fixture.Model.Tokenizer, skipSpecialTokens: true, []);
        var keep = new ChoiceText(fixture.Model.Tokenizer, skipSpecialTokens: false, []);
        foreach (int id in ids)
        {
            skip.Add(id, 0, null);
            keep.Add(id, 0, null);
        }
        Assert.Equal("hi", skip.Text);
        Assert.Equal("hi<|im_end|>", keep.Text);
    }
}
