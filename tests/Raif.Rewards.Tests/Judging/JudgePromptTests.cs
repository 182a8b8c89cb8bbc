using Raif.Core.Templates;
using Raif.Rewards.Judging;

namespace Raif.Rewards.Tests.Judging;

public class JudgePromptTests
{
    [Fact]
    public async Task The_judge_sees_exactly_this_conversation_for_each_question()
    {
        // A qwen prompt with the CoT trigger and a task definition; the model reasons, then answers.
        string prompt = Rollouts.QwenPrompt("Write a haiku about rain.", taskSystem: "Answer in English.");
        var input = new RewardInput(prompt, "Count 5-7-5.</think><answer>Soft rain on the roof</answer>",
            Rollouts.ComplexTarget(null, "Is the text a haiku?", "Does it mention rain?"), "complex_en");
        var judge = TableJudge.Yes("Is the text a haiku?");

        await new RewardCalculator(judge: judge).ScoreAsync(input);

        var requests = Assert.Single(judge.Calls);
        Assert.Equal(2, requests.Count);
        const string expectedFirst =
            "You will read a request, a text that was generated in response to it, and one question about that text. " +
            "Answer the question with YES(是) or NO(否) only.\n\n" +
            "Answer YES(是) only if the generated text meets the condition in the question completely. If any part of " +
            "the condition is not met, even by a small slip, answer NO(否). For example, if the question asks whether " +
            "every item of a list starts with a verb and one item starts with a noun, the answer is NO(否).\n\n" +
            "Also answer NO(否) when the generated text does not do what the question asks about or gives nothing that " +
            "the question could be checked against. For example, if the question asks whether the closing paragraph " +
            "names a date and the text is a single paragraph without any date, the answer is NO(否)." +
            "\n\n\nInput:\n\n" +
            "Answer in English.\n\nWrite a haiku about rain." +
            "\n\n\nGenerated Text:\n\n" +
            "Soft rain on the roof" +
            "\n\n\nQuestion:\n\n" +
            "Is the text a haiku?";
        var first = requests[0];
        Assert.Equal(2, first.Conversation.Count);
        Assert.Equal(ChatTurn.System("You are a helpful assistant."), first.Conversation[0]);
        Assert.Equal(ChatTurn.User(expectedFirst), first.Conversation[1]);
        Assert.Equal(["YES(是)", "NO(否)"], first.Continuations);
        Assert.EndsWith("\n\n\nQuestion:\n\nDoes it mention rain?", requests[1].Conversation[1].Content);
        Assert.Equal(expectedFirst[..expectedFirst.LastIndexOf("Is the text", StringComparison.Ordinal)],
            requests[1].Conversation[1].Content[..expectedFirst.LastIndexOf("Is the text", StringComparison.Ordinal)]);
    }

    [Fact]
    public void The_reasoning_is_never_shown_to_the_judge()
    {
        var request = JudgePrompt.Request("req", "the answer", "q?");
        Assert.DoesNotContain("<think>", request.Conversation[1].Content);
        Assert.Contains("Generated Text:\n\nthe answer\n\n\n", request.Conversation[1].Content);
    }
}

public class UserRequestTests
{
    private const string Task = "You are a travel agent.";
    private const string User = "Plan a day in Rome.";

    public static TheoryData<string, bool> Templates => new()
    {
        { "qwen", true }, { "qwen", false },
        { "deepseek", true }, { "deepseek", false },
        { "llama3", true }, { "llama3", false },
        { "mistral", true }, { "mistral", false },
        { "base", true }, { "base", false },
    };

    [Theory]
    [MemberData(nameof(Templates))]
    public void The_request_is_the_task_definition_and_the_user_message_without_the_trigger(string name, bool withTask)
    {
        var template = ChatTemplates.Get(name);
        string prompt = template.RenderPrompt(CotTrigger.SystemPrompt(withTask ? Task : null), User);
        string expected = withTask ? Task + "\n\n" + User : User;
        Assert.Equal(expected, UserRequest.Rebuild(template, prompt[..^"<think>".Length]));
    }

    [Theory]
    [InlineData("qwen")]
    [InlineData("deepseek")]
    [InlineData("llama3")]
    [InlineData("mistral")]
    [InlineData("base")]
    public void A_system_message_without_the_trigger_is_kept_whole(string name)
    {
        var template = ChatTemplates.Get(name);
        string prompt = template.RenderPrompt("Be concise.", User, prefillThink: false);
        Assert.Equal("Be concise.\n\n" + User, UserRequest.Rebuild(template, prompt));
    }

    [Theory]
    [InlineData("qwen")]
    [InlineData("deepseek")]
    [InlineData("llama3")]
    [InlineData("base")]
    public void The_last_user_message_of_a_conversation_is_judged(string name)
    {
        var template = ChatTemplates.Get(name);
        var turns = new[]
        {
            ChatTurn.System(CotTrigger.SystemPrompt(Task)),
            ChatTurn.User("First question."),
            ChatTurn.Assistant("First answer."),
            ChatTurn.User(User),
        };
        string prompt = template.RenderGenerationPrompt(turns, prefillThink: false);
        Assert.Equal(Task + "\n\n" + User, UserRequest.Rebuild(template, prompt));
    }

    [Fact]
    public void Mistral_later_turns_lose_the_system_text_merged_into_the_first_turn()
    {
        var turns = new[]
        {
            ChatTurn.System(CotTrigger.SystemPrompt(Task)),
            ChatTurn.User("First question."),
            ChatTurn.Assistant("First answer."),
            ChatTurn.User(User),
        };
        string prompt = ChatTemplates.Mistral.RenderGenerationPrompt(turns, prefillThink: false);
        Assert.Equal(User, UserRequest.Rebuild(ChatTemplates.Mistral, prompt));
    }

    [Fact]
    public void A_prompt_without_a_user_message_is_an_error()
    {
        string prompt = "<|im_start|>system\nS<|im_end|>\n<|im_start|>assistant\n";
        var e = Assert.Throws<ArgumentException>(() => UserRequest.Rebuild(ChatTemplates.Qwen, prompt));
        Assert.Contains("no user message", e.Message);
    }
}
