using Raif.Data.Seeds;

namespace Raif.Data.Tests.Seeds;

public sealed class SeedTagReplyTests
{
    [Theory]
    [InlineData("{\"topics\": [\"Creativity & Design\"], \"abilities\": [\"Creative Writing\", \" poetry \"]}")]
    [InlineData("<think>A poem, so creativity.</think>\n```json\n{\"topics\": [\"creativity & design\"], \"abilities\": [\"creative writing\", \"poetry\", \"poetry\"]}\n```")]
    public void A_good_reply_gives_canonical_topics_and_lower_case_abilities(string reply)
    {
        var tags = SeedTagReply.Parse(reply);
        Assert.Equal(["Creativity & Design"], tags.Topics);
        Assert.Equal(["creative writing", "poetry"], tags.Abilities);
    }

    [Theory]
    [InlineData("I think this is creative writing.", "no JSON object")]
    [InlineData("{\"topics\": [\"Creativity & Design\"], \"abilities\": [\"x\"", "no JSON object")]
    [InlineData("{\"topics\": [\"Cooking\"], \"abilities\": [\"recipes\"]}", "unknown topic 'Cooking'")]
    [InlineData("{\"topics\": \"Problem Solving\", \"abilities\": [\"planning\"]}", "'topics' is missing or not a list")]
    [InlineData("{\"topics\": [\"Problem Solving\"], \"abilities\": []}", "'abilities' is empty")]
    [InlineData("{\"topics\": [\"Problem Solving\"], \"abilities\": [3]}", "'abilities' holds a Number")]
    [InlineData("{\"topics\": [\"Problem Solving\",], \"abilities\": [\"planning\"]}", "does not parse")]
    public void A_broken_reply_says_what_is_wrong(string reply, string problem)
    {
        var error = Assert.Throws<SeedTagFormatException>(() => SeedTagReply.Parse(reply));
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void The_prompt_lists_every_topic_and_carries_the_instruction()
    {
        string prompt = SeedTagger.Prompt("Plan a {topics} party.");
        Assert.All(SeedTopics.All, t => Assert.Contains("  - " + t, prompt));
        Assert.Contains("Plan a {topics} party.", prompt);
    }
}
