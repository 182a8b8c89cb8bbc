using Raif.Core.Templates;

namespace Raif.Core.Tests.Templates;

public class CotTriggerTests
{
    [Fact]
    public void Trigger_contains_both_anchors_verbatim()
    {
        Assert.Contains("<think> reasoning process here </think><answer> answer here </answer>.", CotTrigger.Text);
        Assert.Contains("between one <answer> tag and one </answer> tag.", CotTrigger.Text);
        Assert.EndsWith("between one <answer> tag and one </answer> tag.", CotTrigger.Text);
    }

    [Fact]
    public void Strip_removes_the_trigger_entirely()
    {
        Assert.Equal("", CotTrigger.Strip(CotTrigger.SystemPrompt()));
    }

    [Fact]
    public void Strip_keeps_the_task_definition_after_the_separator()
    {
        string system = CotTrigger.SystemPrompt("You are a travel agent.");
        Assert.Equal(CotTrigger.Text + "\n\nHere is the task definition:\n\nYou are a travel agent.", system);
        Assert.Equal("You are a travel agent.", CotTrigger.Strip(system));
    }

    [Fact]
    public void Strip_handles_a_trigger_that_stops_after_the_pattern_sentence()
    {
        // The release's code examples end the trigger after the pattern sentence.
        string system = "You are helpful. i.e., <think> reasoning process here </think><answer> answer here </answer>.";
        Assert.Equal("", CotTrigger.Strip(system));
    }

    [Fact]
    public void Strip_leaves_text_without_anchors_unchanged()
    {
        Assert.Equal("You are a poet.", CotTrigger.Strip("You are a poet."));
    }
}
