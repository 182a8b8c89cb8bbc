using Raif.Data.Checklist;
using Raif.Data.Seeds;

namespace Raif.Data.Tests.Checklist;

public sealed class ChecklistRepliesTests
{
    private const string Start = "[The start of the Modified Sub-Instructions and Scoring Questions]";
    private const string End = "[The end of the Modified Sub-Instructions and Scoring Questions]";

    // An example with 3 sub-instructions and 2 questions: the reply must match those counts.
    private static readonly ChecklistExample Example = new("test", "en", "and", "Do X, Y and Z.",
        ["Do X.", "Do Y.", "Do Z."], ["Does the response do X?", "Does the response do Y and Z?"]);

    private static string Reply(string body) => $"Here you go.\n{Start}\n{body}\n{End}\nHope this helps.";

    private const string GoodBody = """
        Sub-Instructions:
        1. Write a packing list for a weekend hike.
        2. Group the items under the headings "Wear" and "Carry", quoting this note at the top:
        "Pack light, pack right."
        3. Keep the list under 120 words.
        Scoring Questions:
        1. Does the response give a packing list for a weekend hike grouped under "Wear" and "Carry"?
        2. Is the list under 120 words and does it open with the quoted note?
        """;

    [Fact]
    public void A_good_reply_gives_the_items_in_order_with_continuation_lines_kept()
    {
        var parsed = ChecklistReplies.ParseEvolve(Reply(GoodBody), Example, Seed.English);
        Assert.True(parsed.IsOk, parsed.Error);
        Assert.Equal(
            ["Write a packing list for a weekend hike.",
             "Group the items under the headings \"Wear\" and \"Carry\", quoting this note at the top:\n\"Pack light, pack right.\"",
             "Keep the list under 120 words."],
            parsed.Value!.SubInstructions);
        Assert.Equal(2, parsed.Value.ScoringQuestions.Count);
        Assert.StartsWith("Is the list under 120 words", parsed.Value.ScoringQuestions[1]);
    }

    [Fact]
    public void A_chinese_reply_with_chinese_numbering_punctuation_is_read()
    {
        string body = "Sub-Instructions：\n1、写一份周末徒步的装备清单。\n2、把物品分成“穿戴”和“携带”两组。\n3、清单不超过120字。\nScoring Questions：\n1、回答是否给出了分成两组的周末徒步装备清单？\n2、清单是否不超过120字？";
        var parsed = ChecklistReplies.ParseEvolve(Reply(body), Example, Seed.Chinese);
        Assert.True(parsed.IsOk, parsed.Error);
        Assert.Equal("把物品分成“穿戴”和“携带”两组。", parsed.Value!.SubInstructions[1]);
    }

    [Theory]
    [InlineData("no delimiters at all", "is missing")]
    [InlineData(Start + "\n" + Start + "\nSub-Instructions:\n" + End, "more than once")]
    [InlineData(End + "\n" + Start, "comes before")]
    [InlineData(Start + "\nSub-Instructions:\n1. Write a packing list.\n", "[The end of the Modified Sub-Instructions and Scoring Questions]\" is missing")]
    public void A_reply_without_its_delimiters_in_order_is_refused(string reply, string reason)
    {
        var parsed = ChecklistReplies.ParseEvolve(reply, Example, Seed.English);
        Assert.False(parsed.IsOk);
        Assert.Contains(reason, parsed.Error);
    }

    [Theory]
    [InlineData("1. Write a packing list.\nScoring Questions:\n1. Is it a list?", "begin with the heading")]
    [InlineData("Sub-Instructions:\n1. Write a packing list.\n2. Group it.\n3. Keep it short.\n1. Is it a list?\n2. Is it short?", "\"Scoring Questions:\" is missing")]
    [InlineData("Sub-Instructions:\n1. Write a packing list.\n3. Group it.\n4. Keep it short.\nScoring Questions:\n1. Is it a list?\n2. Is it short?", "numbered 1, 2, 3")]
    [InlineData("Sub-Instructions:\n1. Write a packing list.\n2. Keep it short.\nScoring Questions:\n1. Is it a list?\n2. Is it short?", "found 2 sub-instructions; exactly 3")]
    [InlineData("Sub-Instructions:\n1. Write a packing list.\n2. Group it.\n3. Keep it short.\nScoring Questions:\n1. Is it a list?\n2. Is it short?\n3. Is it grouped?", "found 3 scoring questions; exactly 2")]
    [InlineData("Sub-Instructions:\n1. Write a packing list.\n2. Group it.\n3. Keep it short.\nScoring Questions:\n1. Is it a list?\n2. How long is the list?", "not a YES/NO question")]
    [InlineData("Sub-Instructions:\n1. Write a packing list.\n2.\n3. Keep it short.\nScoring Questions:\n1. Is it a list?\n2. Is it short?", "sub-instruction 2 is empty")]
    [InlineData("Sub-Instructions:\nWrite a packing list.\nScoring Questions:\n1. Is it a list?", "expected sub-instruction 1")]
    public void A_reply_that_breaks_the_block_format_is_refused_with_the_reason(string body, string reason)
    {
        var parsed = ChecklistReplies.ParseEvolve(Reply(body), Example, Seed.English);
        Assert.False(parsed.IsOk);
        Assert.Contains(reason, parsed.Error);
    }

    [Fact]
    public void A_reply_in_the_wrong_language_is_refused()
    {
        var parsed = ChecklistReplies.ParseEvolve(Reply(GoodBody), Example, Seed.Chinese);
        Assert.False(parsed.IsOk);
        Assert.Contains("not Chinese", parsed.Error);
    }

    private static readonly EvolvedChecklist Checklist = new(
        ["Write a packing list for a weekend hike.", "Keep it under 120 words and give 2 headings."],
        ["Is it a packing list?", "Is it under 120 words with 2 headings?"]);

    [Fact]
    public void A_good_merge_reply_gives_the_instruction()
    {
        string reply = "[The start of the Integrated Instruction]\nWrite a packing list for a weekend hike in under 120 words, under 2 headings.\n[The end of the Integrated Instruction]";
        var parsed = ChecklistReplies.ParseMerge(reply, Checklist, Seed.English);
        Assert.True(parsed.IsOk, parsed.Error);
        Assert.Equal("Write a packing list for a weekend hike in under 120 words, under 2 headings.", parsed.Value);
    }

    [Theory]
    [InlineData("Write a packing list for a weekend hike in under 120 words, under 2 headings.", "is missing")]
    [InlineData("[The start of the Integrated Instruction]\n\n[The end of the Integrated Instruction]", "empty")]
    [InlineData("[The start of the Integrated Instruction]\nWrite a short packing list for a weekend hike under 2 headings.\n[The end of the Integrated Instruction]", "the number 120")]
    [InlineData("[The start of the Integrated Instruction]\n写一份周末徒步的装备清单，不超过120字，分2个标题。\n[The end of the Integrated Instruction]", "not written in English")]
    public void A_broken_merge_reply_is_refused_with_the_reason(string reply, string reason)
    {
        var parsed = ChecklistReplies.ParseMerge(reply, Checklist, Seed.English);
        Assert.False(parsed.IsOk);
        Assert.Contains(reason, parsed.Error);
    }
}
