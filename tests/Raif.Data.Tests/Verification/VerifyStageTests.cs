using System.Text.Json;
using Microsoft.Extensions.AI;
using Raif.Core.Jsonl;
using Raif.Core.Judging;
using Raif.Data.Stages;
using Raif.Data.Tests.Fakes;
using Raif.Data.Verification;
using Raif.RemoteModels;
using Raif.Rewards.Judging;

namespace Raif.Data.Tests.Verification;

public sealed class VerifyStageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-verify-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly RetryPolicy Fast = new(TimeSpan.FromSeconds(10), MaxRetries: 1, RetryDelay: TimeSpan.FromMilliseconds(1));

    private static readonly string[] QualityOnly = VerifyChecks.All.Skip(1).ToArray();

    private static string Response(string answer) => $"<think>\nplan\n</think>\n<answer>\n{answer}\n</answer>";

    private const string IfevalTarget =
        """{"instruction_id_list": ["punctuation:no_comma", "keywords:existence", "length_constraints:number_words"], "kwargs": [{}, {"keywords": ["garden"]}, {"num_words": 5, "relation": "at least"}]}""";

    private static object Ifeval(string id, string response, string instruction = "Describe your garden.") =>
        new { id, task = "ifeval", instruction, target = IfevalTarget, response };

    private static object Complex(string id, string answer, params string[] questions) =>
        new { id, task = "complex", instruction = "Plan a trip.", target = JsonSerializer.Serialize(new { scoring_questions = questions }), response = Response(answer) };

    private VerifyOptions Options(string input, string output, IReadOnlyList<string> checks) =>
        new() { InputPath = input, OutputPath = output, Checks = checks, Concurrency = 3, Retry = Fast };

    private static List<(string Id, string Reason)> Drops(string output) =>
        TestFiles.ReadJsonl(StageRunner.DropsPath(output)).Select(d => (d.GetProperty("id").GetString()!, d.GetProperty("reason").GetString()!)).ToList();

    [Fact]
    public async Task Ifeval_pairs_are_kept_only_when_every_constraint_holds_under_the_real_checkers()
    {
        // By the rules of spec §6.4: no ASCII comma; "garden" as a case-insensitive substring; at least 5 \w+ words.
        string input = TestFiles.WriteJsonl(Path.Combine(_dir, "in.jsonl"),
        [
            Ifeval("keep", Response("I water my garden every morning.")),      // no comma, garden, 6 words
            Ifeval("comma", Response("My garden, sadly, is dry.")),            // 2 commas; garden; 5 words
            Ifeval("short", Response("Roses bloom here.")),                    // no garden; 3 words
            Ifeval("format", "<think>\nplan\n</think>\nMy garden is green and wide."), // no <answer> block
        ]);
        string output = Path.Combine(_dir, "out.jsonl");
        var summary = await VerifyStage.RunAsync(Options(input, output, [VerifyChecks.Constraints]), judge: null);

        Assert.Equal(1, summary.Kept);
        var kept = Assert.Single(TestFiles.ReadJsonl(output));
        Assert.Equal("keep", kept.GetProperty("id").GetString());
        Assert.Equal("""{"kind":"ifeval","followed":3,"total":3}""", kept.GetProperty("verification").GetRawText());
        Assert.Equal("{}", kept.GetProperty("quality").GetRawText());
        Assert.Equal(
        [
            ("comma", "constraints: 2/3 followed; failed: punctuation:no_comma"),
            ("short", "constraints: 1/3 followed; failed: keywords:existence, length_constraints:number_words"),
            ("format", "format: missing <answer>"),
        ], Drops(output));
    }

    [Fact]
    public async Task Complex_pairs_need_yes_on_every_question_from_a_chat_judge_asked_with_the_rewards_prompt()
    {
        string input = TestFiles.WriteJsonl(Path.Combine(_dir, "in.jsonl"),
        [
            Complex("all-yes", "Day 1: Rome.", "Does the response name a city?", "Does the response give a day?"),
            Complex("one-no", "Day 1: Rome.", "Does the response name a city?", "Does the response use bullet points?"),
        ]);
        string output = Path.Combine(_dir, "out.jsonl");
        var judge = FakeChatClient.Text(m => m[^1].Text.EndsWith("bullet points?", StringComparison.Ordinal) ? "NO(否)" : "YES(是)");
        await VerifyStage.RunAsync(Options(input, output, [VerifyChecks.Constraints]), judge);

        var kept = Assert.Single(TestFiles.ReadJsonl(output));
        Assert.Equal("all-yes", kept.GetProperty("id").GetString());
        Assert.Equal("""{"kind":"complex","yes":2,"total":2,"judge":"chat"}""", kept.GetProperty("verification").GetRawText());
        Assert.Equal([("one-no", "constraints: 1/2 YES; NO: #2")], Drops(output));
        Assert.Equal(4, judge.Requests.Count);
        Assert.Contains(judge.Requests, r =>
            r.Count == 2 && r[0].Role == ChatRole.System && r[0].Text == JudgePrompt.SystemMessage
            && r[1].Text == JudgePrompt.UserMessage("Plan a trip.", "Day 1: Rome.", "Does the response give a day?"));
    }

    [Fact]
    public async Task Complex_pairs_can_be_scored_by_a_log_prob_judge_exactly_as_the_reward_reads_it()
    {
        string input = TestFiles.WriteJsonl(Path.Combine(_dir, "in.jsonl"),
        [
            Complex("yes", "Day 1: Rome.", "Does the response name a city?"),
            Complex("tie", "Day 1: Rome.", "Does the response name a city?", "Is it a tie?"), // a tie is NO (spec §6.5 step 6)
        ]);
        string output = Path.Combine(_dir, "out.jsonl");
        var scorer = new FakeJudge(r => r.Conversation[^1].Content.EndsWith("a tie?", StringComparison.Ordinal) ? [-1.0, -1.0] : [-0.5, -3.0]);
        await VerifyStage.RunAsync(Options(input, output, [VerifyChecks.Constraints]), null, scorer, null, CancellationToken.None);

        var kept = Assert.Single(TestFiles.ReadJsonl(output));
        Assert.Equal("""{"kind":"complex","yes":1,"total":1,"judge":"logprob"}""", kept.GetProperty("verification").GetRawText());
        Assert.Equal([("tie", "constraints: 1/2 YES; NO: #2")], Drops(output));
        Assert.All(scorer.Requests, r => Assert.Equal(JudgePrompt.Continuations, r.Continuations));
    }

    // A quality judge: every check passes (length is NA) unless the instruction says otherwise.
    private static string QualityJudge(IReadOnlyList<ChatMessage> messages, Dictionary<string, int> brokenLeft)
    {
        string prompt = messages.Single().Text;
        string property = prompt.Split('\n').First(l => l.StartsWith("## Property: ", StringComparison.Ordinal));
        static string Block(string result, string analysis) => $"Some thoughts.\n[Verdict]\nAnalysis: {analysis}\nResult: {result}\n[End of Verdict]";
        if (prompt.Contains("FABRICATED", StringComparison.Ordinal) && property.EndsWith("does not fabricate", StringComparison.Ordinal))
            return Block("False", "It cites a study that does not exist.");
        if (prompt.Contains("BROKEN", StringComparison.Ordinal) && property.EndsWith("safe to train on", StringComparison.Ordinal))
            return "It is safe.";
        if (prompt.Contains("FLAKY", StringComparison.Ordinal) && property.EndsWith("right language", StringComparison.Ordinal))
        {
            lock (brokenLeft)
            {
                if (brokenLeft["flaky"]-- > 0)
                    return "Result: True";
            }
        }
        return property.Contains("length", StringComparison.Ordinal) ? Block("NA", "No length is asked for.") : Block("True", "Fine.");
    }

    [Fact]
    public async Task Quality_checks_drop_on_false_or_a_reply_that_keeps_breaking_the_block_and_keep_verdicts_otherwise()
    {
        string input = TestFiles.WriteJsonl(Path.Combine(_dir, "in.jsonl"),
        [
            Ifeval("good", Response("I water my garden every morning.")),
            Ifeval("fabricated", Response("I water my garden every morning."), "FABRICATED garden facts."),
            Ifeval("broken", Response("I water my garden every morning."), "BROKEN judge."),
            Ifeval("flaky", Response("I water my garden every morning."), "FLAKY judge."),
        ]);
        string output = Path.Combine(_dir, "out.jsonl");
        var brokenLeft = new Dictionary<string, int> { ["flaky"] = 1 };
        var judge = FakeChatClient.Text(m => QualityJudge(m, brokenLeft));
        await VerifyStage.RunAsync(Options(input, output, QualityOnly), judge);

        var kept = TestFiles.ReadJsonl(output);
        Assert.Equal(["good", "flaky"], kept.Select(k => k.GetProperty("id").GetString()));
        Assert.Equal("""{"language":"True","no_leakage":"True","length":"NA","factual":"True","well_defined":"True","consistent":"True","safe":"True"}""",
            kept[0].GetProperty("quality").GetRawText());
        Assert.Equal(JsonValueKind.Null, kept[0].GetProperty("verification").ValueKind); // constraints not asked for
        Assert.Equal(
        [
            ("fabricated", "quality:factual: It cites a study that does not exist."),
            ("broken", "quality:safe: the judge's reply broke the verdict block (no verdict block)"),
        ], Drops(output));
        int Asked(string marker, string property) => judge.Requests.Count(r => r[0].Text.Contains(marker, StringComparison.Ordinal) && r[0].Text.Contains("## Property: " + property, StringComparison.Ordinal));
        Assert.Equal(2, Asked("BROKEN", "the example is safe")); // asked once more after the broken reply, then dropped
        Assert.Equal(2, Asked("FLAKY", "the answer is in the right language"));
        Assert.Equal(0, Asked("FABRICATED", "the instruction is well defined")); // the checks after a failure are not asked
        Assert.Equal(7, judge.Requests.Count(r => r[0].Text.Contains("Describe your garden.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_run_killed_midway_and_resumed_ends_with_the_same_files()
    {
        var records = Enumerable.Range(0, 24).Select(i => i % 5 == 2
            ? Ifeval($"r{i}", Response("Roses bloom here."))
            : Ifeval($"r{i}", Response("I water my garden every morning."), i % 5 == 4 ? $"FABRICATED {i}" : $"Describe garden {i}."));
        string input = TestFiles.WriteJsonl(Path.Combine(_dir, "in.jsonl"), records);
        string reference = Path.Combine(_dir, "reference.jsonl");
        var counts = new Dictionary<string, int> { ["flaky"] = 0 };
        await VerifyStage.RunAsync(Options(input, reference, VerifyChecks.All), FakeChatClient.Text(m => QualityJudge(m, counts)));

        string output = Path.Combine(_dir, "out.jsonl");
        using (var kill = new CancellationTokenSource())
        {
            int calls = 0;
            var dying = FakeChatClient.Text(m =>
            {
                if (Interlocked.Increment(ref calls) == 40)
                    kill.Cancel();
                return QualityJudge(m, counts);
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => VerifyStage.RunAsync(Options(input, output, VerifyChecks.All), dying, null, kill.Token));
        }
        Assert.False(File.Exists(output));
        int journaled = File.ReadAllLines(StageRunner.JournalPath(output)).Length;
        Assert.InRange(journaled, 1, 23);
        var summary = await VerifyStage.RunAsync(Options(input, output, VerifyChecks.All), FakeChatClient.Text(m => QualityJudge(m, counts)));
        Assert.Equal(journaled, summary.ResumedFromJournal);
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(output));
        Assert.Equal(File.ReadAllBytes(StageRunner.DropsPath(reference)), File.ReadAllBytes(StageRunner.DropsPath(output)));
        Assert.Equal(24, File.ReadAllLines(StageRunner.JournalPath(output)).Length);
    }

    [Fact]
    public async Task Missing_judges_are_errors()
    {
        string input = TestFiles.WriteJsonl(Path.Combine(_dir, "in.jsonl"), [Complex("c", "Day 1: Rome.", "Does it name a city?")]);
        string output = Path.Combine(_dir, "out.jsonl");
        var noChat = await Assert.ThrowsAsync<ArgumentException>(() => VerifyStage.RunAsync(Options(input, output, VerifyChecks.All), judge: null));
        Assert.Contains("need a judge chat model", noChat.Message, StringComparison.Ordinal);
        var noChecklistJudge = await Assert.ThrowsAsync<JsonlException>(() => VerifyStage.RunAsync(Options(input, output, [VerifyChecks.Constraints]), judge: null));
        Assert.Equal(1, noChecklistJudge.Line);
        Assert.Equal("task", noChecklistJudge.Field);
    }

    [Fact]
    public async Task A_judge_that_keeps_failing_stops_the_stage_with_what_was_done_kept()
    {
        string input = TestFiles.WriteJsonl(Path.Combine(_dir, "in.jsonl"),
            [Complex("a", "x", "Q1?"), Complex("b", "FAIL", "Q1?"), Complex("c", "x", "Q1?")]);
        string output = Path.Combine(_dir, "out.jsonl");
        var judge = FakeChatClient.Text(m => m[^1].Text.Contains("FAIL", StringComparison.Ordinal) ? throw new HttpRequestException("503") : "YES");
        var error = await Assert.ThrowsAsync<EndpointFailedException>(() =>
            VerifyStage.RunAsync(Options(input, output, [VerifyChecks.Constraints]) with { Concurrency = 1 }, judge));
        Assert.Equal("b", error.RecordId);
        Assert.Equal("judge", error.Endpoint);
        Assert.Single(File.ReadAllLines(StageRunner.JournalPath(output)));
    }

    private sealed class FakeJudge(Func<JudgeRequest, double[]> score) : IJudge
    {
        private readonly List<JudgeRequest> _requests = [];

        public string Name => "fake";

        public IReadOnlyList<JudgeRequest> Requests
        {
            get
            {
                lock (_requests)
                    return _requests.ToArray();
            }
        }

        public Task<IReadOnlyList<JudgeScores>> ScoreAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellationToken = default)
        {
            lock (_requests)
                _requests.AddRange(requests);
            return Task.FromResult<IReadOnlyList<JudgeScores>>(requests.Select(r => new JudgeScores(score(r), 4)).ToArray());
        }
    }
}
