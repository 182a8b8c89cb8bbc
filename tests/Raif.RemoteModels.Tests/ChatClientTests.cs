using Microsoft.Extensions.AI;
using ChatTemplates = Raif.Core.Templates.ChatTemplates;
using ChatTurn = Raif.Core.Templates.ChatTurn;
using RenderEnding = Raif.Core.Templates.RenderEnding;
using Raif.Modeling.Generation;
using Raif.RemoteModels.Tests.Fixtures;

namespace Raif.RemoteModels.Tests;

/// <summary>The IChatClient path (Microsoft.Extensions.AI over the OpenAI client) against <c>raif serve</c>.</summary>
[Collection(JudgeServerCollection.Name)]
public class ChatClientTests(JudgeServerFixture fixture)
{
    [Fact]
    public async Task An_IChatClient_gets_the_greedy_answer_and_the_probe_names_the_model()
    {
        var chat = RemoteChatModel.Create(fixture.Endpoint, JudgeServerFixture.ModelId);
        var response = await chat.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "Hello?")],
            new ChatOptions { Temperature = 0, MaxOutputTokens = 10 });

        var ids = fixture.Model.Tokenizer.Encode(ChatTemplates.Qwen.Render(
            [ChatTurn.System("Be brief."), ChatTurn.User("Hello?")], RenderEnding.GenerationPrompt));
        var expected = fixture.Model.Generate([ids], fixture.Model.DefaultGenerationOptions(10) with { Sampling = SamplingOptions.Greedy })[0];
        Assert.Equal(fixture.Model.Tokenizer.Decode(expected.TokenIds, skipSpecialTokens: true), response.Text);
        Assert.Equal(expected.TokenIds.Length, response.Usage!.OutputTokenCount);

        var streamed = new System.Text.StringBuilder();
        await foreach (var update in chat.GetStreamingResponseAsync(
            [new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "Hello?")],
            new ChatOptions { Temperature = 0, MaxOutputTokens = 10 }))
            streamed.Append(update.Text);
        Assert.Equal(response.Text, streamed.ToString());

        var probe = await RemoteChatModel.ProbeAsync(chat);
        Assert.Equal(JudgeServerFixture.ModelId, probe.ModelId);
        Assert.Equal(JudgeServerFixture.ModelId, await RemoteChatModel.FirstModelAsync(fixture.Endpoint));
    }
}
