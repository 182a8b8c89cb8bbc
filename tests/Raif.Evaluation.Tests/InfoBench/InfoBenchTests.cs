using Microsoft.Extensions.AI;
using Raif.Evaluation.InfoBench;
using Raif.Evaluation.Judging;
using Raif.Evaluation.Responses;
using Raif.Evaluation.Tests.Judging;
using Raif.Tests.Shared;

namespace Raif.Evaluation.Tests.InfoBench;

/// <summary>InfoBench's judge conversation, YES/NO parser and DRFR, as upstream's evaluation.py states them.</summary>
public sealed class InfoBenchTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-infobench-").FullName;

    private static InfoBenchItem Item(string id, string input = "", int questions = 3) => new(
        id, input, "instruction", id.StartsWith("user", StringComparison.Ordinal) ? InfoBenchItem.EasySet : InfoBenchItem.HardSet,
        [.. Enumerable.Range(1, questions).Select(q => $"Question {q}?")]);

    private static ResponseSet Responses(params InfoBenchItem[] items)
    {
        var set = new ResponseSet("test");
        foreach (var item in items)
            set.Add(item.Id, "the output of " + item.Id, "test");
        return set;
    }

    [Theory]
    [InlineData("YES", true)]
    [InlineData("Yes, the text is a poem.", true)]
    [InlineData("yesterday", true)]        // startswith("yes") after lower()
    [InlineData("No.", false)]
    [InlineData("Not entirely.", false)]   // startswith("no")
    [InlineData("The answer is YES", true)]
    [InlineData("The answer: NO", false)]
    [InlineData("YES and NO", true)]      // the prefix test comes first
    [InlineData("I say YES, not NO", null)]
    [InlineData(" Yes", null)]             // no strip: neither prefix nor an upper-case YES
    [InlineData("Answer: yes", null)]      // lower-case "yes" inside does not count
    [InlineData("", null)]
    public void Replies_are_read_as_upstream_reads_them(string reply, bool? expected) =>
        Assert.Equal(expected, InfoBenchJudge.Parse(reply));

    [Fact]
    public void The_first_turn_carries_the_system_message_input_output_and_question()
    {
        Assert.StartsWith("Based on the provided Input (if any) and Generated Text, answer the ensuing Questions", InfoBenchJudge.SystemMessage);
        Assert.EndsWith("the answer should be 'NO'.'''", InfoBenchJudge.SystemMessage);
        Assert.Equal(1105, InfoBenchJudge.SystemMessage.Length);
        var withInput = Item("user_oriented_task_1", input: "some input");
        Assert.Equal($"{InfoBenchJudge.SystemMessage}\n\nInput:\n\"some input\"\n\nGenerated Text:\n\"out\"\n\nQuestion:\nQuestion 1?\n",
            InfoBenchJudge.UserTurn(withInput, "out", 0));
        Assert.Equal($"{InfoBenchJudge.SystemMessage}\n\nGenerated Text:\n\"out\"\n\nQuestion:\nQuestion 1?\n",
            InfoBenchJudge.UserTurn(Item("user_oriented_task_1"), "out", 0));
        Assert.Equal("Question 2?\n", InfoBenchJudge.UserTurn(withInput, "out", 1));
    }

    [Fact]
    public async Task Questions_are_asked_in_one_conversation_and_an_unparseable_reply_stops_the_item()
    {
        var item = Item("domain_oriented_task_1", questions: 4);
        var seen = new List<int>();
        var chat = new ScriptedChatClient(m =>
        {
            var messages = m.ToList();
            seen.Add(messages.Count);
            return messages.Count switch { 1 => "YES", 3 => "maybe", _ => "NO" };
        });
        using var client = new JudgeClient(chat, JudgmentLog.InMemory());
        var evals = await InfoBenchScorer.ScoreAsync([item], Responses(item), client);
        Assert.Equal([1, 3], seen);                      // the second call carries turn 1, its reply and turn 2
        Assert.Equal([true, null], evals[0].Eval);       // questions 3 and 4 are never asked
    }

    [Fact]
    public void Drfr_counts_true_over_all_recorded_verdicts()
    {
        InfoBenchItemEval[] evals =
        [
            new("user_oriented_task_1", InfoBenchItem.EasySet, [true, true, false]),
            new("domain_oriented_task_1", InfoBenchItem.HardSet, [true, null]),
        ];
        var scores = InfoBenchScores.Compute(evals);
        Assert.Equal(3.0 / 5, scores.Drfr, 1e-12);       // the null counts as not true; the unasked question not at all
        Assert.Equal(2.0 / 3, scores.DrfrEasy, 1e-12);
        Assert.Equal(0.5, scores.DrfrHard, 1e-12);
    }

    [Fact]
    public async Task An_interrupted_judge_run_resumes_mid_conversation_without_asking_again()
    {
        var items = new[] { Item("user_oriented_task_1"), Item("user_oriented_task_2") };
        string path = Path.Combine(_dir, "judgments.jsonl");
        int calls = 0;
        var interrupted = new ScriptedChatClient(_ => ++calls > 4 ? throw new OperationCanceledException("interrupted") : "YES");
        using (var log = JudgmentLog.Open(path))
        using (var client = new JudgeClient(interrupted, log, new JudgeCallOptions(Concurrency: 1)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => InfoBenchScorer.ScoreAsync(items, Responses(items), client));
        }
        Assert.Equal(4, File.ReadAllLines(path).Length);
        var resumed = new ScriptedChatClient(m =>
        {
            // A resumed conversation still carries the earlier turns and replies.
            Assert.Equal(ChatRole.User, m.Last().Role);
            return "NO";
        });
        using (var log = JudgmentLog.Open(path))
        using (var client = new JudgeClient(resumed, log))
        {
            var evals = await InfoBenchScorer.ScoreAsync(items, Responses(items), client);
            Assert.Equal(6, evals.Sum(e => e.Eval.Count));
            Assert.Equal(4, evals.Sum(e => e.Eval.Count(v => v == true)));
        }
        Assert.Equal(2, resumed.Calls);
    }

    [SkippableFact]
    public async Task Published_data_and_responses_are_read_and_judged_per_question()
    {
        string data = TestDataFolder.External("infobench");
        var items = InfoBenchData.ReadItems(data);
        // README: 500 instructions, 2,250 questions; Easy 252 items / 690 questions, Hard 248 / 1,560.
        Assert.Equal(500, items.Count);
        Assert.Equal(2250, items.Sum(i => i.Questions.Count));
        Assert.Equal(690, items.Where(i => i.Subset == InfoBenchItem.EasySet).Sum(i => i.Questions.Count));
        var responses = InfoBenchData.ReadResponses(Path.Combine(data, "responses", "gpt-4_third_party.jsonl"));
        Assert.Equal(500, responses.Count);

        // Every question answered YES except the last question of each Hard item.
        var chat = new ScriptedChatClient(m => "YES");
        using var log = JudgmentLog.InMemory();
        foreach (var item in items.Where(i => i.Subset == InfoBenchItem.HardSet))
            log.Append(new JudgeReply(item.Id, item.Questions.Count - 1, "NO"));
        using var client = new JudgeClient(chat, log);
        var evals = await InfoBenchScorer.ScoreAsync(items, responses, client);
        var scores = InfoBenchScores.Compute(evals);
        Assert.Equal(2250 - 248, chat.Calls);
        Assert.Equal(1.0, scores.DrfrEasy);
        Assert.Equal((1560.0 - 248) / 1560, scores.DrfrHard, 1e-12);
        Assert.Equal((2250.0 - 248) / 2250, scores.Drfr, 1e-12);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
