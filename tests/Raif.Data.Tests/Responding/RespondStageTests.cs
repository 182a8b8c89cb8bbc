using Microsoft.Extensions.AI;
using Raif.Data.Responding;
using Raif.Data.Stages;
using Raif.Data.Tests.Fakes;
using Raif.RemoteModels;

namespace Raif.Data.Tests.Responding;

public sealed class RespondStageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-respond-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly RetryPolicy Fast = new(TimeSpan.FromSeconds(10), MaxRetries: 1, RetryDelay: TimeSpan.FromMilliseconds(1));

    private string Input(int count) => TestFiles.WriteJsonl(Path.Combine(_dir, "in.jsonl"),
        Enumerable.Range(0, count).Select(i => new { id = $"r{i}", input = $"<prompt {i}><think>\n", target = "{}", task = "ifeval", instruction = $"Task {i}: write something." }));

    // The expert: reasoning apart for even tasks, in <think> for odd ones; "Task 3" gets no reasoning at all.
    private static ChatResponse Expert(IReadOnlyList<ChatMessage> messages)
    {
        string instruction = messages.Single().Text;
        int n = int.Parse(instruction["Task ".Length..instruction.IndexOf(':', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        if (n == 3)
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "An answer without reasoning."));
        if (n % 2 == 0)
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, [new TextReasoningContent($"thinking about {n}"), new TextContent($"answer {n}")]));
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, $"<think>\nthinking about {n}\n</think>\nanswer {n}"));
    }

    private RespondOptions Options(string input, string output) => new() { InputPath = input, OutputPath = output, Concurrency = 3, Retry = Fast, Temperature = 0 };

    [Fact]
    public async Task Each_instruction_is_asked_alone_and_the_reply_is_rendered_into_the_record()
    {
        string input = Input(5);
        string output = Path.Combine(_dir, "out.jsonl");
        var expert = new FakeChatClient(Expert);
        var summary = await RespondStage.RunAsync(Options(input, output), expert);

        Assert.Equal(4, summary.Kept);
        Assert.Equal(1, summary.Dropped);
        Assert.Equal(5, expert.Requests.Count);
        Assert.All(expert.Requests, r => Assert.Equal(ChatRole.User, Assert.Single(r).Role));
        Assert.Equal(0f, expert.LastOptions!.Temperature);

        var records = TestFiles.ReadJsonl(output);
        Assert.Equal(["r0", "r1", "r2", "r4"], records.Select(r => r.GetProperty("id").GetString()));
        var r1 = records[1];
        Assert.Equal("Task 1: write something.", r1.GetProperty("instruction").GetString()); // input fields kept
        Assert.Equal("<prompt 1><think>\n", r1.GetProperty("input").GetString());
        Assert.Equal("thinking about 1", r1.GetProperty("reasoning").GetString());
        Assert.Equal("answer 1", r1.GetProperty("answer").GetString());
        Assert.Equal("<think>\nthinking about 1\n</think>\n<answer>\nanswer 1\n</answer>", r1.GetProperty("response").GetString());
        Assert.Equal("<think>\nthinking about 0\n</think>\n<answer>\nanswer 0\n</answer>", records[0].GetProperty("response").GetString());

        var drop = Assert.Single(TestFiles.ReadJsonl(StageRunner.DropsPath(output)));
        Assert.Equal("r3", drop.GetProperty("id").GetString());
        Assert.Equal("respond", drop.GetProperty("stage").GetString());
        Assert.Equal("no reasoning: neither reasoning_content nor a <think> block", drop.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_run_killed_midway_and_resumed_ends_with_the_same_files_without_asking_again_for_finished_records()
    {
        string input = Input(30);
        string reference = Path.Combine(_dir, "reference.jsonl");
        await RespondStage.RunAsync(Options(input, reference), new FakeChatClient(Expert));

        string output = Path.Combine(_dir, "out.jsonl");
        using (var kill = new CancellationTokenSource())
        {
            int calls = 0;
            var dying = new FakeChatClient(m =>
            {
                if (Interlocked.Increment(ref calls) == 12)
                    kill.Cancel();
                return Expert(m);
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RespondStage.RunAsync(Options(input, output), dying, null, kill.Token));
        }
        Assert.False(File.Exists(output));
        var finished = TestFiles.ReadJsonl(StageRunner.JournalPath(output)).Select(e => e.GetProperty("id").GetString()).ToHashSet();
        Assert.InRange(finished.Count, 1, 29);

        var resumed = new FakeChatClient(Expert);
        var summary = await RespondStage.RunAsync(Options(input, output), resumed);
        Assert.Equal(finished.Count, summary.ResumedFromJournal);
        Assert.Equal(30 - finished.Count, resumed.Requests.Count);
        Assert.DoesNotContain(resumed.Requests, r => finished.Contains("r" + r.Single().Text.Split(':')[0]["Task ".Length..]));
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(output));
        Assert.Equal(File.ReadAllBytes(StageRunner.DropsPath(reference)), File.ReadAllBytes(StageRunner.DropsPath(output)));
    }

    [Fact]
    public async Task An_endpoint_that_keeps_failing_stops_the_stage_naming_the_journal_and_keeps_what_was_done()
    {
        string input = Input(6);
        string output = Path.Combine(_dir, "out.jsonl");
        int attemptsOnTask4 = 0;
        var failing = new FakeChatClient(m =>
        {
            if (m.Single().Text.StartsWith("Task 4:", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref attemptsOnTask4);
                throw new HttpRequestException("connection refused");
            }
            return Expert(m);
        });
        var options = Options(input, output) with { Concurrency = 1 };
        var error = await Assert.ThrowsAsync<EndpointFailedException>(() => RespondStage.RunAsync(options, failing));
        Assert.Equal(2, attemptsOnTask4); // the first attempt and one retry
        Assert.Equal("r4", error.RecordId);
        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
        Assert.Contains(StageRunner.JournalPath(output), error.Message, StringComparison.Ordinal);
        Assert.Equal(4, File.ReadAllLines(StageRunner.JournalPath(output)).Length); // r0–r3 kept in the journal

        var summary = await RespondStage.RunAsync(options, new FakeChatClient(Expert));
        Assert.Equal(4, summary.ResumedFromJournal);
        Assert.Equal(5, summary.Kept);
    }

    [Fact]
    public async Task A_record_without_an_instruction_is_an_error_naming_file_line_and_field()
    {
        string input = TestFiles.WriteJsonl(Path.Combine(_dir, "in.jsonl"), [new { id = "a", instruction = "x" }, new { id = "b", prompt = "y" }]);
        var error = await Assert.ThrowsAsync<Raif.Core.Jsonl.JsonlException>(() =>
            RespondStage.RunAsync(Options(input, Path.Combine(_dir, "out.jsonl")), new FakeChatClient(m => new ChatResponse(new ChatMessage(ChatRole.Assistant, "<think>p</think>a")))));
        Assert.Equal(2, error.Line);
        Assert.Equal("instruction", error.Field);
    }
}
