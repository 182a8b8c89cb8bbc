using Microsoft.Extensions.AI;
using Raif.Core.Templates;
using Raif.Evaluation.Run;
using Raif.Evaluation.Tests.Judging;

namespace Raif.Evaluation.Tests.Run;

public class PolicyClientTests
{
    private static readonly EvalPrompt Prompt = new("1", [ChatTurn.User("Write a haiku about rain.")]);

    [Fact]
    public async Task Io_sends_the_request_as_it_is()
    {
        var seen = new List<List<Microsoft.Extensions.AI.ChatMessage>>();
        var chat = new ScriptedChatClient(m => { seen.Add([.. m]); return "Rain falls."; });
        var output = await new PolicyClient(chat).AnswerAsync(Prompt, PromptingMode.Io);
        Assert.Equal("Rain falls.", output.Response);
        var only = Assert.Single(seen);
        Assert.Equal(Microsoft.Extensions.AI.ChatRole.User, Assert.Single(only).Role);
    }

    [Fact]
    public async Task Cot_adds_the_trigger_before_a_task_system_message_and_scores_the_answer_block()
    {
        var seen = new List<List<Microsoft.Extensions.AI.ChatMessage>>();
        var chat = new ScriptedChatClient(m => { seen.Add([.. m]); return "<think>count syllables</think><answer>Rain on the roof</answer>"; });
        var prompt = Prompt with { Conversation = [ChatTurn.System("You are a poet."), ChatTurn.User("Write a haiku.")] };
        var output = await new PolicyClient(chat).AnswerAsync(prompt, PromptingMode.Cot);
        Assert.Equal("Rain on the roof", output.Response);
        Assert.Equal("count syllables", output.Reasoning);
        var messages = Assert.Single(seen);
        Assert.Equal(2, messages.Count);
        Assert.Equal(CotTrigger.SystemPrompt("You are a poet."), messages[0].Text);
        Assert.StartsWith(CotTrigger.Text, messages[0].Text);
    }

    [Fact]
    public async Task Sdc_asks_twice_and_hands_the_first_reasoning_back_for_a_direct_answer()
    {
        var seen = new List<List<Microsoft.Extensions.AI.ChatMessage>>();
        var chat = new ScriptedChatClient(m =>
        {
            seen.Add([.. m]);
            return seen.Count == 1 ? "<think>five, seven, five</think><answer>draft</answer>" : "Final haiku";
        });
        var output = await new PolicyClient(chat).AnswerAsync(Prompt, PromptingMode.Sdc);
        Assert.Equal("Final haiku", output.Response);
        Assert.Equal("five, seven, five", output.Reasoning);
        Assert.Equal(2, seen.Count);
        Assert.Equal(CotTrigger.Text, seen[0][0].Text);
        var second = Assert.Single(seen[1]);
        Assert.Contains("```\nWrite a haiku about rain.\n```", second.Text);
        Assert.Contains("```\nfive, seven, five\n```", second.Text);
        Assert.DoesNotContain(CotTrigger.PatternAnchor, second.Text);
    }

    [Fact]
    public async Task Sdc_interrupted_after_its_first_step_resumes_with_the_second_step_only()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("raif-sdc-resume-").FullName, ResponseStore.FileName);
        using var stop = new CancellationTokenSource();
        int calls = 0;
        var interrupted = new ScriptedChatClient(_ =>
        {
            // The second request never gets its answer: the run is stopped while it is in flight.
            if (Interlocked.Increment(ref calls) == 2)
            {
                stop.Cancel();
                stop.Token.ThrowIfCancellationRequested();
            }
            return "<think>five, seven, five</think><answer>draft</answer>";
        });
        using (var store = ResponseStore.Open(path, PromptingMode.Sdc))
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new PolicyClient(interrupted).AnswerAsync(Prompt, PromptingMode.Sdc, store, stop.Token));
        Assert.Equal(2, interrupted.Calls);

        var seen = new List<List<Microsoft.Extensions.AI.ChatMessage>>();
        var resumed = new ScriptedChatClient(m => { seen.Add([.. m]); return "Final haiku"; });
        using (var store = ResponseStore.Open(path, PromptingMode.Sdc))
        {
            var output = await new PolicyClient(resumed).AnswerAsync(Prompt, PromptingMode.Sdc, store, CancellationToken.None);
            Assert.Equal("Final haiku", output.Response);
            Assert.Equal("five, seven, five", output.Reasoning);
        }
        // Only the second step was asked, with the kept reasoning in it.
        var only = Assert.Single(seen);
        Assert.Contains("```\nfive, seven, five\n```", Assert.Single(only).Text);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public async Task NoCot_prefills_the_empty_reasoning_as_a_final_assistant_turn()
    {
        var seen = new List<List<Microsoft.Extensions.AI.ChatMessage>>();
        ChatOptions? options = null;
        var chat = new ScriptedChatClient((m, o) => { seen.Add([.. m]); options = o; return "Direct answer"; });
        var output = await new PolicyClient(chat).AnswerAsync(Prompt, PromptingMode.NoCot);
        Assert.Equal("Direct answer", output.Response);
        var messages = Assert.Single(seen);
        Assert.Equal(Microsoft.Extensions.AI.ChatRole.Assistant, messages[^1].Role);
        Assert.Equal("<think>\n\n</think>\n", messages[^1].Text);
        Assert.NotNull(options!.RawRepresentationFactory); // carries continue_final_message to the server
        Assert.Equal(0f, options.Temperature);
    }
}
