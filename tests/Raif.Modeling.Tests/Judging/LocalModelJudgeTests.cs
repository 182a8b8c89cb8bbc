using Raif.Core.Judging;
using Raif.Core.Templates;
using Raif.Modeling.Judging;
using Raif.Modeling.Scoring;
using Raif.Modeling.Tests.Fixtures;

namespace Raif.Modeling.Tests.Judging;

[Collection(TinyModelCollection.Name)]
public class LocalModelJudgeTests(TinyModelFixture models)
{
    private static readonly JudgeRequest Request = new(
        [ChatTurn.System("You are a helpful assistant."), ChatTurn.User("Does the text rhyme?\n\nthe cat sat on the mat")],
        ["YES", "NO then"]);

    /// <summary>The expected score computed by hand from the scorer: render, tokenize, sum the last k log-probs.</summary>
    private static double Expected(LanguageModel model, ChatTemplate template, JudgeRequest request, string continuation, int k, int maxTokens = 4096)
    {
        var turns = request.Conversation.Append(ChatTurn.Assistant(continuation)).ToList();
        string text = template.Render(turns, RenderEnding.ContinueFinalMessage);
        Assert.EndsWith(continuation, text);
        var ids = model.Tokenizer.Encode(text);
        if (ids.Length > maxTokens)
            ids = ids[^maxTokens..];
        return model.ScoreContinuations([new ScoringPair(ids[..^k], ids[^k..])])[0].Sum(x => (double)x);
    }

    [Fact]
    public async Task Scores_sum_the_last_k_tokens_with_k_the_shortest_continuation()
    {
        var model = models.Qwen2;
        var judge = new LocalModelJudge(model);
        var result = (await judge.ScoreAsync([Request, Request with { Continuations = ["a", "bb", "ccc"] }]))[0];
        int k = model.Tokenizer.Encode("YES").Length;
        Assert.True(k < model.Tokenizer.Encode("NO then").Length);
        Assert.Equal(k, result.TokensCompared);
        Assert.Equal(Expected(model, ChatTemplates.Qwen, Request, "YES", k), result.SummedLogProbs[0], 1e-5);
        Assert.Equal(Expected(model, ChatTemplates.Qwen, Request, "NO then", k), result.SummedLogProbs[1], 1e-5);
        Assert.Equal("qwen", model.ChatTemplate!.Name);
    }

    [Fact]
    public void Long_inputs_lose_tokens_from_the_left_so_the_answer_tail_is_kept()
    {
        var model = models.Qwen2;
        var longRequest = Request with { Conversation = [ChatTurn.User(string.Concat(Enumerable.Repeat("long context ", 40)))] };
        var judge = new LocalModelJudge(model, new LocalJudgeOptions(MaxSequenceTokens: 12));
        var result = judge.Score([longRequest])[0];
        int k = result.TokensCompared;
        Assert.Equal(Expected(model, ChatTemplates.Qwen, longRequest, "YES", k, maxTokens: 12), result.SummedLogProbs[0], 1e-5);
        Assert.Equal(Expected(model, ChatTemplates.Qwen, longRequest, "NO then", k, maxTokens: 12), result.SummedLogProbs[1], 1e-5);
        // Truncation really happened: the full-context score differs.
        double untruncated = Expected(model, ChatTemplates.Qwen, longRequest, "YES", k);
        Assert.NotInRange(result.SummedLogProbs[0], untruncated - 1e-5, untruncated + 1e-5);
    }

    [Fact]
    public void The_release_behaviour_renders_with_a_given_template_and_tokenizer()
    {
        var model = models.Qwen2;
        var asReleased = new LocalModelJudge(model, ChatTemplates.Llama3, model.Tokenizer);
        var own = new LocalModelJudge(model);
        var a = asReleased.Score([Request])[0];
        var b = own.Score([Request])[0];
        Assert.Equal(Expected(model, ChatTemplates.Llama3, Request, "YES", a.TokensCompared), a.SummedLogProbs[0], 1e-5);
        Assert.NotEqual(a.SummedLogProbs[0], b.SummedLogProbs[0]);
    }

    [Fact]
    public void A_model_without_a_known_family_needs_an_explicit_template()
    {
        var json = TinyTokenizer.Json();
        json["added_tokens"] = new System.Text.Json.Nodes.JsonArray();
        var tokenizer = Raif.Modeling.Tokenization.TokenizerLoader.FromFiles(
            new Dictionary<string, byte[]> { ["tokenizer.json"] = System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()) }, "plain/tokenizer.json");
        var config = Raif.Modeling.Checkpoints.ModelConfigReader.Parse(TinyModels.LlamaConfig(), "plain/config.json");
        using var model = LanguageModel.CreateRandom(config, tokenizer, seed: 3);
        Assert.Null(model.ChatTemplate);
        var e = Assert.Throws<ArgumentException>(() => new LocalModelJudge(model));
        Assert.Contains("not recognised", e.Message);
        var judge = new LocalModelJudge(model, template: ChatTemplates.Base);
        var result = judge.Score([Request])[0];
        Assert.Equal(Expected(model, ChatTemplates.Base, Request, "YES", result.TokensCompared), result.SummedLogProbs[0], 1e-5);
    }
}
