using Raif.Core.Judging;
using Raif.Core.Templates;
using Raif.Modeling.Judging;
using Raif.RemoteModels.Tests.Fixtures;
using Raif.Rewards;

namespace Raif.RemoteModels.Tests;

/// <summary>The HTTP judge against <c>raif serve</c> gives the local judge's scores on the same conversations.</summary>
[Collection(JudgeServerCollection.Name)]
public class HttpJudgeTests(JudgeServerFixture fixture)
{
    private static readonly string[] YesNo = ["YES(是)", "NO(否)"];

    private static JudgeRequest Request(string user, params string[] continuations) =>
        new([ChatTurn.System("You are a helpful assistant."), ChatTurn.User(user)], continuations.Length > 0 ? continuations : YesNo);

    private static readonly JudgeRequest[] Requests =
    [
        Request("Input:\n\nWrite a haiku.\n\n\nGenerated Text:\n\nold pond\n\n\nQuestion:\n\nIs it a haiku?"),
        Request("Does the text avoid commas?"),
        Request("Pick one.", "A", "BB", "CCC"),
    ];

    [Fact]
    public async Task Scores_equal_the_local_judge_within_1e_4()
    {
        var local = new LocalModelJudge(fixture.Model, ChatTemplates.Qwen, fixture.Model.Tokenizer).Score(Requests);
        var http = new HttpJudge(fixture.Endpoint, JudgeServerFixture.ModelId, new HttpJudgeOptions { Template = ChatTemplates.Qwen, MaxConcurrency = 4 });
        var remote = await http.ScoreAsync(Requests);
        AssertSame(local, remote);
        Assert.Equal(7, remote[0].TokensCompared); // "NO(否)" is 7 UTF-8 bytes, one token each
        Assert.Equal(1, remote[2].TokensCompared);
        Assert.Contains(JudgeServerFixture.ModelId, http.Name);
    }

    [Fact]
    public async Task Left_truncation_matches_the_local_judge_and_max_tokens_zero_works_with_raif_serve()
    {
        var longRequest = Request(string.Concat(Enumerable.Repeat("a long request ", 20)) + "Is this long?");
        var local = new LocalModelJudge(fixture.Model, ChatTemplates.Qwen, fixture.Model.Tokenizer, new LocalJudgeOptions(MaxSequenceTokens: 64)).Score([longRequest]);
        var http = new HttpJudge(fixture.Endpoint, JudgeServerFixture.ModelId, new HttpJudgeOptions { Template = ChatTemplates.Qwen, TruncatePromptTokens = 64, MaxTokens = 0 });
        AssertSame(local, await http.ScoreAsync([longRequest]));
        // Without truncation the scores differ: the truncation really happened on the server.
        var untruncated = await new HttpJudge(fixture.Endpoint, JudgeServerFixture.ModelId, new HttpJudgeOptions { Template = ChatTemplates.Qwen, TruncatePromptTokens = null }).ScoreAsync([longRequest]);
        Assert.NotInRange(untruncated[0].SummedLogProbs[0], local[0].SummedLogProbs[0] - 1e-4, local[0].SummedLogProbs[0] + 1e-4);
    }

    [Fact]
    public async Task The_reward_scores_complex_samples_with_the_http_judge_as_with_the_local_judge()
    {
        string prompt = ChatTemplates.Qwen.RenderPrompt(CotTrigger.SystemPrompt(null), "Write a greeting.");
        const string target = """{"scoring_questions": ["Is it a greeting?", "Is it polite?", "Is it short?"]}""";
        RewardInput[] inputs = [new(prompt, "plan</think><answer>Hello there</answer><|im_end|>", target, "complex"), new(prompt, "plan</think><answer>Go away</answer><|im_end|>", target, "complex")];
        // The judge prompt (rubric included) is longer than the tiny model's context of 512: both judges keep the last 500 tokens.
        var viaHttp = await new RewardCalculator(judge: new HttpJudge(fixture.Endpoint, JudgeServerFixture.ModelId,
            new HttpJudgeOptions { Template = ChatTemplates.Qwen, TruncatePromptTokens = 500 })).ScoreBatchAsync(inputs);
        var viaLocal = await new RewardCalculator(judge: new LocalModelJudge(fixture.Model, ChatTemplates.Qwen, fixture.Model.Tokenizer,
            new LocalJudgeOptions(MaxSequenceTokens: 500))).ScoreBatchAsync(inputs);
        Assert.All(viaHttp, r => Assert.Null(r.Error));
        Assert.Equal(viaLocal.Select(r => r.FollowList), viaHttp.Select(r => r.FollowList));
        Assert.Equal(viaLocal.Select(r => r.Total), viaHttp.Select(r => r.Total));
    }

    private static void AssertSame(IReadOnlyList<JudgeScores> local, IReadOnlyList<JudgeScores> remote)
    {
        Assert.Equal(local.Count, remote.Count);
        for (int r = 0; r < local.Count; r++)
        {
            Assert.Equal(local[r].TokensCompared, remote[r].TokensCompared);
            Assert.Equal(local[r].SummedLogProbs.Count, remote[r].SummedLogProbs.Count);
            for (int c = 0; c < local[r].SummedLogProbs.Count; c++)
                Assert.True(Math.Abs(local[r].SummedLogProbs[c] - remote[r].SummedLogProbs[c]) < 1e-4,
                    $"request {r}, continuation {c}: local {local[r].SummedLogProbs[c]}, http {remote[r].SummedLogProbs[c]}");
        }
    }
}
