#pragma warning disable OPENAI001 // Seed is marked experimental in the OpenAI library
using System.ClientModel;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;
using Raif.Modeling.Generation;
using Raif.Modeling.Scoring;
using Raif.Server.Tests.Fixtures;

namespace Raif.Server.Tests;

/// <summary><c>/v1/chat/completions</c> through the official OpenAI .NET client against a tiny model.</summary>
[Collection(ServerCollection.Name)]
public class ChatCompletionsTests(ServerFixture fixture)
{
    private ChatClient Chat => fixture.Client().GetChatClient(ServerFixture.ModelId);

    private static List<ChatMessage> Messages() => [new SystemChatMessage(Reference.System), new UserChatMessage(Reference.User)];

    [Fact]
    public async Task Greedy_chat_returns_what_the_runtime_generates_with_openai_fields()
    {
        var (ids, expected) = Reference.Greedy(fixture.Model, Reference.ChatPrompt(fixture.Model), 12);
        ChatCompletion completion = (await Chat.CompleteChatAsync(Messages(), new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 12 })).Value;

        Assert.Equal(Reference.Text(fixture.Model, expected), completion.Content[0].Text);
        Assert.Equal(expected.FinishReason == FinishReason.Stop ? ChatFinishReason.Stop : ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(ids.Length, completion.Usage.InputTokenCount);
        Assert.Equal(expected.TokenIds.Length, completion.Usage.OutputTokenCount);
        Assert.Equal(ids.Length + expected.TokenIds.Length, completion.Usage.TotalTokenCount);
        Assert.StartsWith("chatcmpl-", completion.Id);
        Assert.Equal(ServerFixture.ModelId, completion.Model);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.InRange((DateTimeOffset.UtcNow - completion.CreatedAt).TotalMinutes, -1, 5);
    }

    [Fact]
    public async Task Streaming_sends_the_same_text_in_chunks_then_finish_reason_and_usage()
    {
        var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 16 };
        string whole = (await Chat.CompleteChatAsync(Messages(), options)).Value.Content[0].Text;
        var text = new StringBuilder();
        int updates = 0;
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in Chat.CompleteChatStreamingAsync(Messages(), options))
        {
            updates++;
            foreach (var part in update.ContentUpdate)
                text.Append(part.Text);
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }
        Assert.Equal(whole, text.ToString());
        Assert.True(updates > 3, $"only {updates} chunks");
        Assert.NotNull(finish);
        Assert.NotNull(usage);
        Assert.True(usage!.OutputTokenCount is > 0 and <= 16);
    }

    [Fact]
    public async Task Log_probs_equal_scoring_the_generated_tokens_and_top_alternatives_lead_with_the_greedy_token()
    {
        var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 10, IncludeLogProbabilities = true, TopLogProbabilityCount = 3 };
        var completion = (await Chat.CompleteChatAsync(Messages(), options)).Value;
        var (ids, expected) = Reference.Greedy(fixture.Model, Reference.ChatPrompt(fixture.Model), 10);
        var scored = fixture.Model.ScoreContinuations([new ScoringPair(ids, expected.TokenIds)])[0];

        var entries = completion.ContentTokenLogProbabilities;
        Assert.Equal(expected.TokenIds.Length, entries.Count);
        for (int t = 0; t < entries.Count; t++)
        {
            Assert.Equal(scored[t], entries[t].LogProbability, 1e-4f);
            Assert.Equal(fixture.Model.Tokenizer.Decode([expected.TokenIds[t]]), entries[t].Token);
            Assert.Equal(3, entries[t].TopLogProbabilities.Count);
            Assert.Equal(entries[t].Token, entries[t].TopLogProbabilities[0].Token);
            Assert.Equal(entries[t].LogProbability, entries[t].TopLogProbabilities[0].LogProbability, 1e-6f);
            Assert.True(entries[t].TopLogProbabilities[1].LogProbability <= entries[t].TopLogProbabilities[0].LogProbability);
            Assert.Equal(Encoding.UTF8.GetBytes(entries[t].Token), entries[t].Utf8Bytes!.Value.ToArray());
        }
    }

    [Fact]
    public async Task A_stop_string_cuts_the_text_before_it_and_finishes_with_stop()
    {
        var (_, expected) = Reference.Greedy(fixture.Model, Reference.ChatPrompt(fixture.Model), 24, ignoreEos: true);
        string full = Reference.Text(fixture.Model, expected);
        Assert.True(full.Length >= 8, $"the tiny model generated too little text to test stop strings: '{full}'");
        string stop = full.Substring(5, 2);
        int cut = full.IndexOf(stop, StringComparison.Ordinal);
        var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 24 };
        options.StopSequences.Add(stop);
        using var body = RawRequest(new { model = ServerFixture.ModelId, messages = ChatJson(), temperature = 0, max_tokens = 24, stop, ignore_eos = true });
        var answer = await PostAsync("v1/chat/completions", body);
        var choice = answer.RootElement.GetProperty("choices")[0];
        Assert.Equal(full[..cut], choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        // The streamed text is cut at the same place.
        var streamed = new StringBuilder();
        await foreach (var update in Chat.CompleteChatStreamingAsync(Messages(), options))
            foreach (var part in update.ContentUpdate)
                streamed.Append(part.Text);
        var plain = (await Chat.CompleteChatAsync(Messages(), options)).Value.Content[0].Text;
        Assert.Equal(plain, streamed.ToString());
        Assert.DoesNotContain(stop, plain);
    }

    [Fact]
    public async Task A_seed_makes_sampling_reproducible_and_n_gives_that_many_choices()
    {
        var options = new ChatCompletionOptions { Temperature = 1.0f, TopP = 0.95f, MaxOutputTokenCount = 12, Seed = 1234 };
        string first = (await Chat.CompleteChatAsync(Messages(), options)).Value.Content[0].Text;
        string second = (await Chat.CompleteChatAsync(Messages(), options)).Value.Content[0].Text;
        Assert.Equal(first, second);

        using var body = RawRequest(new { model = ServerFixture.ModelId, messages = ChatJson(), temperature = 0, max_tokens = 6, n = 3 });
        var answer = await PostAsync("v1/chat/completions", body);
        var choices = answer.RootElement.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], choices.Select(c => c.GetProperty("index").GetInt32()));
        Assert.Single(choices.Select(c => c.GetProperty("message").GetProperty("content").GetString()).Distinct());
    }

    [Fact]
    public async Task Concurrent_requests_share_a_generation_batch_and_get_their_own_answers()
    {
        await using var server = await fixture.StartAsync(new Hosting.ServerOptions { Port = 0, BatchWindow = TimeSpan.FromSeconds(1) });
        var chat = ServerFixture.Client(server).GetChatClient(ServerFixture.ModelId);
        string[] users = ["a", "bb", "ccc", "a longer question here"];
        var answers = await Task.WhenAll(users.Select(u => chat.CompleteChatAsync(
            [new SystemChatMessage(Reference.System), new UserChatMessage(u)], new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 8 })));
        for (int i = 0; i < users.Length; i++)
        {
            var (_, expected) = Reference.Greedy(fixture.Model, Reference.ChatPrompt(fixture.Model, user: users[i]), 8);
            Assert.Equal(Reference.Text(fixture.Model, expected), answers[i].Value.Content[0].Text);
        }
        Assert.True(server.Worker!.LargestBatch > 1, $"largest batch {server.Worker.LargestBatch}: the requests were not batched");
    }

    private static object[] ChatJson() => [new { role = "system", content = Reference.System }, new { role = "user", content = Reference.User }];

    private static BinaryContent RawRequest(object body) => BinaryContent.Create(BinaryData.FromObjectAsJson(body));

    private async Task<JsonDocument> PostAsync(string path, BinaryContent body)
    {
        using var http = new HttpClient { BaseAddress = fixture.BaseAddress };
        var stream = new MemoryStream();
        await body.WriteToAsync(stream);
        var response = await http.PostAsync(path, new ByteArrayContent(stream.ToArray()) { Headers = { ContentType = new("application/json") } });
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }
}
