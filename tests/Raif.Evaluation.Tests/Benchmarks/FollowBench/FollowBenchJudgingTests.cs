using System.Text.Json;
using Microsoft.Extensions.AI;
using Raif.Core.Jsonl;
using Raif.Evaluation.Benchmarks.FollowBench;
using Raif.Evaluation.Judging;
using Raif.Evaluation.Tests.Judging;

namespace Raif.Evaluation.Tests.Benchmarks.FollowBench;

public sealed class FollowBenchJudgingTests
{
    private static FollowBenchRecord R(int index, int level, string instruction) =>
        new("style", index, 7, "style", "helpful_base", level, instruction, "", new JsonlLine("style_constraints.json", index + 2, JsonDocument.Parse("{}").RootElement));

    [Fact]
    public async Task Judged_items_get_upstreams_prompt_as_one_user_message_and_the_reply_is_parsed_and_logged()
    {
        // Levels 0-2 of one example: the level-2 prompt lists the instructions of levels 0, 1 and 2, then the answer.
        var style = new List<FollowBenchRecord> { R(0, 0, "Base."), R(1, 1, "Base, formal."), R(2, 2, "Base, formal, short.") };
        var data = FollowBenchData.ConstraintTypes.ToDictionary(t => t, t => (IReadOnlyList<FollowBenchRecord>)(t == "style" ? style : []));
        var prompts = new List<string>();
        var chat = new ScriptedChatClient(messages =>
        {
            var list = messages.ToList();
            Assert.Single(list);
            Assert.Equal(ChatRole.User, list[0].Role);
            lock (prompts)
                prompts.Add(list[0].Text);
            return list[0].Text.Contains("2 additional constraints", StringComparison.Ordinal) ? "...\n['YES', 'NO']" : "...\n['YES']";
        });
        using var log = JudgmentLog.InMemory();
        using var judge = new JudgeClient(chat, log);
        var responses = new Dictionary<string, string> { ["style:1"] = "Dear sir.", ["style:2"] = "Dear sir, briefly." };

        var items = await FollowBenchEvaluation.ScoreAsync(data, FollowBenchLanguage.En, responses, judge, rulesOnly: false);

        Assert.Equal(2, chat.Calls);
        string level2 = prompts.Single(p => p.Contains("2 additional constraints", StringComparison.Ordinal));
        Assert.StartsWith("Given an initial instruction, we add one style constraint per time and obtain the final instruction with 2 additional constraints.\n\n#Initial Instruction#\nBase.\n\n#Initial Instruction + 1 constraint#\nBase, formal.\n\n#Initial Instruction + 2 constraints#\nBase, formal, short.\n\n#Answer of Initial Instruction + 2 constraints#\nDear sir, briefly.\n\n#System#\n", level2);
        var second = items.Single(i => i.Record.Id == "style:2");
        Assert.Equal(0, second.Verdict!.Hard);
        Assert.Equal(0.5, second.Verdict.Soft, 1e-12);
        Assert.True(log.TryGet("style:2", null, 0, out string logged));
        Assert.Equal("...\n['YES', 'NO']", logged);
    }
}
