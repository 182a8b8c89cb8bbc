using Microsoft.Extensions.AI;
using Raif.Evaluation.CfBench;
using Raif.Evaluation.Judging;
using Raif.Evaluation.Responses;
using Raif.Evaluation.Tests.Judging;
using Raif.Tests.Shared;

namespace Raif.Evaluation.Tests.CfBench;

public sealed class CfBenchScorerTests : IDisposable
{
    private const string Template = "[用户指令]: {prompt}\n[参考答案]: {gold_ans}\n[模型答案]: {response}\n[评估标准]: {criteria}\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("raif-cfbench-").FullName;

    private static CfBenchItem Item(string id, string split = "hard") => new(id, $"prompt {id}", "", split,
        [new CfBenchCriterion("A", "主需", "", ""), new CfBenchCriterion("B", "次需", "", "")]);

    private static ResponseSet Responses(params CfBenchItem[] items)
    {
        var set = new ResponseSet("test");
        foreach (var item in items)
            set.Add(item.Id, $"response {item.Id} {{criteria}}", "test");
        return set;
    }

    [Fact]
    public async Task The_prompt_is_filled_once_and_criteria_joined_by_blank_lines()
    {
        var item = Item("1");
        var chat = new ScriptedChatClient(_ => "A\t1\n\nB\t1");
        using var client = new JudgeClient(chat, JudgmentLog.InMemory());
        await new CfBenchScorer(new CfBenchPrompt(Template)).ScoreAsync([item], Responses(item), client);
        var prompt = new CfBenchPrompt(Template).Render(item, "x {criteria}");
        Assert.Equal("[用户指令]: prompt 1\n[参考答案]: \n[模型答案]: x {criteria}\n[评估标准]: A\n\nB\n", prompt);
        Assert.False(new CfBenchPrompt(Template).IsUpstream);
    }

    [Fact]
    public async Task A_reply_that_never_parses_strictly_is_asked_ten_times_then_read_by_the_fallback()
    {
        var item = Item("1");
        var chat = new ScriptedChatClient(_ => "A\t1\nB\t0");
        using var client = new JudgeClient(chat, JudgmentLog.InMemory());
        var run = await new CfBenchScorer(new CfBenchPrompt(Template)).ScoreAsync([item], Responses(item), client);
        Assert.Equal(10, chat.Calls);
        var score = Assert.Single(run.Items);
        Assert.Equal(CfBenchParsing.Fallback, score.JudgeParsing);
        Assert.Equal(["1"], score.JudgeScore);
        Assert.Equal(1, score.Psr); // the fallback keeps only ones, so CSR is 1
    }

    [Fact]
    public async Task A_strict_reply_on_a_later_attempt_ends_the_re_asks()
    {
        var item = Item("1");
        int n = 0;
        var chat = new ScriptedChatClient(_ => ++n < 3 ? "garbage" : "A\t1\n\nB\t0");
        using var client = new JudgeClient(chat, JudgmentLog.InMemory());
        var run = await new CfBenchScorer(new CfBenchPrompt(Template)).ScoreAsync([item], Responses(item), client);
        Assert.Equal(3, chat.Calls);
        Assert.Equal(CfBenchParsing.Strict, run.Items[0].JudgeParsing);
        Assert.Equal(0.5, run.Items[0].Csr);
    }

    [Fact]
    public async Task An_interrupted_judge_run_resumes_without_asking_again()
    {
        var items = Enumerable.Range(0, 6).Select(i => Item(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        string path = Path.Combine(_dir, "judgments.jsonl");
        var asked = new List<string>();
        int calls = 0;
        var interrupted = new ScriptedChatClient(m =>
        {
            if (++calls > 4)
                throw new OperationCanceledException("interrupted");
            lock (asked)
                asked.Add(m.Last().Text);
            return "A\t1\n\nB\t1";
        });
        using (var log = JudgmentLog.Open(path))
        using (var client = new JudgeClient(interrupted, log, new JudgeCallOptions(Concurrency: 1)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                new CfBenchScorer(new CfBenchPrompt(Template)).ScoreAsync(items, Responses(items), client));
        }
        Assert.Equal(4, File.ReadAllLines(path).Length);

        var resumed = new ScriptedChatClient(m =>
        {
            lock (asked)
                asked.Add(m.Last().Text);
            return "A\t1\n\nB\t1";
        });
        using (var log = JudgmentLog.Open(path))
        using (var client = new JudgeClient(resumed, log))
        {
            var run = await new CfBenchScorer(new CfBenchPrompt(Template)).ScoreAsync(items, Responses(items), client);
            Assert.All(run.Items, i => Assert.Equal(1, i.Psr));
        }
        Assert.Equal(2, resumed.Calls);
        Assert.Equal(6, asked.Count);
        Assert.Equal(6, asked.Distinct().Count()); // no prompt was sent twice
    }

    [Fact]
    public async Task Without_a_judge_a_missing_reply_names_the_item()
    {
        var item = Item("42");
        using var client = new JudgeClient(null, JudgmentLog.InMemory());
        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            new CfBenchScorer(new CfBenchPrompt(Template)).ScoreAsync([item], Responses(item), client));
        Assert.Contains("item 42", error.Message);
    }

    [SkippableFact]
    public async Task Published_responses_are_read_and_scored_per_split()
    {
        string data = TestDataFolder.External("cfbench");
        var items = CfBenchData.ReadItems(data);
        Assert.Equal(1000, items.Count);
        Assert.Equal(500, items.Count(i => i.Split == "easy"));
        Assert.Equal(4237, items.Sum(i => i.Criteria.Count)); // counts from the data folder's README
        var responses = CfBenchData.ReadResponses(Path.Combine(data, "responses", "moonshot_infer.json"));
        Assert.Equal(20, responses.Count);

        // A judge that meets every criterion, answering in the strict format.
        var chat = new ScriptedChatClient(m =>
        {
            string text = m.Single().Text;
            var item = items.First(i => text.Contains(i.Prompt, StringComparison.Ordinal) && responses.TryGet(i.Id, out var r) && text.Contains(r, StringComparison.Ordinal));
            return string.Join("\n\n", item.Criteria.Select(c => c.Text + "\t1"));
        });
        using var client = new JudgeClient(chat, JudgmentLog.InMemory());
        var run = await new CfBenchScorer(new CfBenchPrompt("{prompt}\n{response}\n{criteria}")).ScoreAsync(items, responses, client);
        var scores = CfBenchScores.Compute(run.UpstreamOrder);
        Assert.Equal(20, chat.Calls);
        Assert.Equal((5, 15), (scores.Easy.Count, scores.Hard.Count)); // moonshot: idx 0-19, 15 hard and 5 easy (README)
        Assert.Equal((1.0, 1.0, 1.0), (scores.Full.Csr, scores.Full.Isr, scores.Full.Psr));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
