using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using Microsoft.Extensions.AI;
using OpenAI;
using Raif.Core.Responses;
using Raif.Data.Responding;

namespace Raif.Data.Tests.Responding;

public sealed class ExpertReplyTests
{
    private static ChatResponse Reply(params AIContent[] contents) => new(new ChatMessage(ChatRole.Assistant, contents));

    [Fact]
    public void Reasoning_comes_from_reasoning_content_and_the_answer_from_the_text()
    {
        var reply = ExpertReply.Read(Reply(new TextReasoningContent("  First count the words.\n"), new TextContent("\nThe answer.  ")), out var problem);
        Assert.Null(problem);
        Assert.Equal(new ExpertReply("First count the words.", "The answer.", ExpertReasoningSource.ReasoningContent), reply);
    }

    [Fact]
    public void Reasoning_comes_from_a_leading_think_block_when_the_server_sends_none_apart()
    {
        var reply = ExpertReply.Read(Reply(new TextContent("\n<think>\nPlan: two lines.\n</think>\n\nLine one.\nLine two.")), out var problem);
        Assert.Null(problem);
        Assert.Equal(new ExpertReply("Plan: two lines.", "Line one.\nLine two.", ExpertReasoningSource.ThinkTags), reply);
    }

    [Fact]
    public void A_lone_closing_tag_ends_reasoning_the_chat_template_opened()
    {
        var reply = ExpertReply.Read(Reply(new TextContent("Plan it.\n</think>\nDone.")), out _);
        Assert.Equal(new ExpertReply("Plan it.", "Done.", ExpertReasoningSource.ThinkTags), reply);
    }

    [Theory]
    [InlineData("Just an answer.", "no reasoning: neither reasoning_content nor a <think> block")]
    [InlineData("<think>thinking forever", "the reply opens <think> but never closes it")]
    [InlineData("<think>plan</think>   ", "empty answer")]
    [InlineData("<think>  </think>answer", "empty reasoning")]
    public void Unusable_replies_give_their_reason(string text, string expected)
    {
        Assert.Null(ExpertReply.Read(Reply(new TextContent(text)), out var problem));
        Assert.Equal(expected, problem);
    }

    [Fact]
    public void A_reply_cut_at_the_token_limit_is_unusable()
    {
        var response = Reply(new TextReasoningContent("plan"), new TextContent("half an ans"));
        response.FinishReason = ChatFinishReason.Length;
        Assert.Null(ExpertReply.Read(response, out var problem));
        Assert.Equal("the reply was cut at the token limit", problem);
    }

    [Fact]
    public void The_rendered_response_passes_the_rewards_format_rules_and_reads_back()
    {
        var reply = new ExpertReply("Step one.\nStep two.", "Final text.", ExpertReasoningSource.ReasoningContent);
        string? response = ExpertResponse.TryRender(reply, out var problem);
        Assert.Null(problem);
        Assert.Equal("<think>\nStep one.\nStep two.\n</think>\n<answer>\nFinal text.\n</answer>", response);
        Assert.True(StructureValidator.Validate(response!, thinkTagsOnly: false, out _));
        Assert.Equal("Final text.", ReasoningExtractor.Answer(response!, answerAfterThink: false));
    }

    [Fact]
    public void An_answer_holding_a_format_tag_is_refused()
    {
        var reply = new ExpertReply("plan", "Use <answer> tags like this.", ExpertReasoningSource.ThinkTags);
        Assert.Null(ExpertResponse.TryRender(reply, out var problem));
        Assert.Equal("the reply's text breaks the response format (duplicate <answer>)", problem);
    }

    // The real wire path: an OpenAI-compatible JSON reply with DeepSeek/vLLM's reasoning_content, read through the
    // official OpenAI client and Microsoft.Extensions.AI.OpenAI, as RemoteChatModel builds it.
    [Theory]
    [InlineData("reasoning_content")] // DeepSeek's API, vLLM before the rename
    [InlineData("reasoning")]         // vLLM since vllm-project/vllm#27752
    public async Task Reasoning_on_the_wire_reaches_the_reply_through_Microsoft_Extensions_AI(string field)
    {
        string body = $$$"""
            {"id":"c1","object":"chat.completion","created":1,"model":"r1","choices":[{"index":0,"finish_reason":"stop",
             "message":{"role":"assistant","content":"Paris.","{{{field}}}":"The capital of France is Paris."}}],
             "usage":{"prompt_tokens":5,"completion_tokens":9,"total_tokens":14}}
            """;
        using var http = new HttpClient(new CannedHandler(body));
        var client = new OpenAIClient(new ApiKeyCredential("k"), new OpenAIClientOptions
        {
            Endpoint = new Uri("http://localhost:1/v1/"),
            Transport = new HttpClientPipelineTransport(http),
        }).GetChatClient("r1").AsIChatClient();
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "Capital of France?")]);
        var reply = ExpertReply.Read(response, out var problem);
        Assert.Null(problem);
        Assert.Equal(new ExpertReply("The capital of France is Paris.", "Paris.", ExpertReasoningSource.ReasoningContent), reply);
    }

    private sealed class CannedHandler(string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }
}
