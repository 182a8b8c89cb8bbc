using Raif.Evaluation.Run;

namespace Raif.Evaluation.Tests.Run;

public class AnswerCleanerTests
{
    [Theory]
    // Plain text is scored exactly as written, leading/trailing whitespace included.
    [InlineData("  Hello world\n", "  Hello world\n")]
    // The answer block's content, trimmed, and only the last block.
    [InlineData("<think>plan</think><answer>\nHi there\n</answer>", "Hi there")]
    [InlineData("<think>a</think><answer>first</answer> then <answer>second</answer>", "second")]
    // A leading <answer> without its end (the released harness kept the trailing tag; Raif drops both).
    [InlineData("<answer>Done", "Done")]
    // Reasoning without an answer block: whatever follows the last </think>.
    [InlineData("<think>plan</think>\n\nThe answer.", "The answer.")]
    [InlineData("plan only</think>Result", "Result")]
    public void Keeps_only_the_answer(string text, string expected) => Assert.Equal(expected, AnswerCleaner.Clean(text));

    [Theory]
    [InlineData("<think> step 1 </think><answer>x</answer>", "step 1")]
    [InlineData("step 1\nstep 2<answer>x</answer>", "step 1\nstep 2")]
    [InlineData("<think>unfinished", "unfinished")]
    public void Reasoning_is_the_think_block_or_what_precedes_the_answer(string text, string expected) =>
        Assert.Equal(expected, AnswerCleaner.Reasoning(text));
}
