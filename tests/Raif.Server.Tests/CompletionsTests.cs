using System.Text.Json;
using Raif.Modeling.Scoring;
using Raif.Server.Tests.Fixtures;

namespace Raif.Server.Tests;

/// <summary><c>/v1/completions</c>: echo with prompt log-probs (the judge's call), token-id prompts, n, streaming.</summary>
[Collection(ServerCollection.Name)]
public class CompletionsTests(ServerFixture fixture)
{
    private const string Prompt = "<|im_start|>user\nIs the sky blue?<|im_end|>\n<|im_start|>assistant\nYES";

    [Fact]
    public async Task Echoed_prompt_log_probs_equal_ScoreContinuations_with_a_null_first_entry()
    {
        var (status, answer) = await Http.PostViaOpenAiAsync(fixture.Client(), fixture.BaseAddress, "completions",
            new { model = ServerFixture.ModelId, prompt = Prompt, echo = true, logprobs = 2, max_tokens = 0 });
        Assert.Equal(200, status);
        var ids = fixture.Model.Tokenizer.Encode(Prompt);
        var expected = fixture.Model.ScoreContinuations([new ScoringPair(ids[..1], ids[1..])])[0];

        var root = answer.RootElement;
        Assert.Equal("text_completion", root.GetProperty("object").GetString());
        Assert.StartsWith("cmpl-", root.GetProperty("id").GetString());
        var choice = root.GetProperty("choices")[0];
        Assert.Equal(Prompt, choice.GetProperty("text").GetString());
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        var logprobs = choice.GetProperty("logprobs");
        var tokens = logprobs.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!).ToArray();
        var values = logprobs.GetProperty("token_logprobs").EnumerateArray().ToArray();
        var tops = logprobs.GetProperty("top_logprobs").EnumerateArray().ToArray();
        Assert.Equal(ids.Length, tokens.Length);
        Assert.Equal(ids.Select(id => fixture.Model.Tokenizer.Decode([id])), tokens);
        Assert.Equal(JsonValueKind.Null, values[0].ValueKind);
        Assert.Equal(JsonValueKind.Null, tops[0].ValueKind);
        for (int t = 1; t < ids.Length; t++)
        {
            Assert.Equal(expected[t - 1], values[t].GetSingle(), 1e-5f);
            var top = tops[t].EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetSingle());
            Assert.InRange(top.Count, 1, 3);
            Assert.Equal(values[t].GetSingle(), top[tokens[t]], 1e-6f);
            Assert.True(top.Values.Max() >= values[t].GetSingle());
        }
        var offsets = logprobs.GetProperty("text_offset").EnumerateArray().Select(o => o.GetInt32()).ToArray();
        Assert.Equal(0, offsets[0]);
        Assert.Equal(Prompt.Length - tokens[^1].Length, offsets[^1]);
        var usage = root.GetProperty("usage");
        Assert.Equal(ids.Length, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Token_id_prompts_with_n_choices_are_indexed_prompt_major_and_echo_adds_the_prompt()
    {
        int[] first = [72, 101, 108, 108, 111];
        int[] second = [257, 117, 115, 101, 114, 10, 87];
        var (status, answer) = await Http.PostViaOpenAiAsync(fixture.Client(), fixture.BaseAddress, "completions",
            new { model = ServerFixture.ModelId, prompt = new[] { first, second }, temperature = 0, max_tokens = 5, n = 2, echo = true, logprobs = 0, ignore_eos = true });
        Assert.Equal(200, status);
        var choices = answer.RootElement.GetProperty("choices").EnumerateArray().ToArray();
        Assert.Equal([0, 1, 2, 3], choices.Select(c => c.GetProperty("index").GetInt32()));
        int[][] prompts = [first, second];
        for (int i = 0; i < 4; i++)
        {
            var prompt = prompts[i / 2];
            var (_, expected) = Reference.Greedy(fixture.Model, fixture.Model.Tokenizer.Decode(prompt), 5, ignoreEos: true);
            string echoed = fixture.Model.Tokenizer.Decode(prompt);
            Assert.Equal(echoed + Reference.Text(fixture.Model, expected), choices[i].GetProperty("text").GetString());
            Assert.Equal(prompt.Length + 5, choices[i].GetProperty("logprobs").GetProperty("tokens").GetArrayLength());
            Assert.Equal("length", choices[i].GetProperty("finish_reason").GetString());
        }
        var usage = answer.RootElement.GetProperty("usage");
        Assert.Equal(first.Length + second.Length, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(20, usage.GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task A_streamed_completion_has_the_same_text_as_the_whole_one()
    {
        string request = JsonSerializer.Serialize(new { model = ServerFixture.ModelId, prompt = Prompt, temperature = 0, max_tokens = 10, ignore_eos = true });
        var (_, whole) = await Http.PostViaOpenAiAsync(fixture.Client(), fixture.BaseAddress, "completions", JsonSerializer.Deserialize<JsonElement>(request));
        string streamRequest = request.TrimEnd('}') + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
        var events = await Http.ReadEventsAsync(fixture.BaseAddress, "v1/completions", streamRequest);
        string text = string.Concat(events.Where(e => e.GetProperty("choices").GetArrayLength() > 0)
            .Select(e => e.GetProperty("choices")[0].GetProperty("text").GetString()));
        Assert.Equal(whole.RootElement.GetProperty("choices")[0].GetProperty("text").GetString(), text);
        Assert.Equal("length", events.Last(e => e.GetProperty("choices").GetArrayLength() > 0).GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(10, events[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }
}
