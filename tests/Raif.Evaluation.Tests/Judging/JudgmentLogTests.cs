using Microsoft.Extensions.AI;
using Raif.Core.Jsonl;
using Raif.Evaluation.Judging;

namespace Raif.Evaluation.Tests.Judging;

public sealed class JudgmentLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("raif-judgments-").FullName;

    private string LogPath => Path.Combine(_dir, "judgments.jsonl");

    [Fact]
    public async Task A_resumed_run_asks_only_what_was_not_answered()
    {
        var chat = new ScriptedChatClient(m => "reply to " + m.Last().Text);
        using (var log = JudgmentLog.Open(LogPath))
        using (var judge = new JudgeClient(chat, log))
        {
            Assert.Equal("reply to a", await judge.AskAsync("item-1", 0, [new ChatMessage(ChatRole.User, "a")]));
            Assert.Equal("reply to b", await judge.AskAsync("item-1", 1, [new ChatMessage(ChatRole.User, "b")]));
        }
        Assert.Equal(2, chat.Calls);

        using (var log = JudgmentLog.Open(LogPath))
        using (var judge = new JudgeClient(chat, log))
        {
            Assert.Equal(2, log.Count);
            Assert.Equal("reply to a", await judge.AskAsync("item-1", 0, [new ChatMessage(ChatRole.User, "changed")]));
            Assert.Equal("reply to c", await judge.AskAsync("item-2", null, [new ChatMessage(ChatRole.User, "c")]));
            Assert.Equal(1, judge.Calls);
        }
        Assert.Equal(3, chat.Calls);
        Assert.Equal(3, File.ReadAllLines(LogPath).Length);
        Assert.Equal("""{"id":"item-2","reply":"reply to c"}""", File.ReadAllLines(LogPath)[2]);
    }

    [Fact]
    public async Task Re_asks_are_stored_as_successive_attempts()
    {
        int n = 0;
        var chat = new ScriptedChatClient(_ => $"attempt {n++}");
        using (var log = JudgmentLog.Open(LogPath))
        using (var judge = new JudgeClient(chat, log))
        {
            Assert.Equal("attempt 0", await judge.AskAsync("7", null, [new ChatMessage(ChatRole.User, "q")], attempt: 0));
            Assert.Equal("attempt 1", await judge.AskAsync("7", null, [new ChatMessage(ChatRole.User, "q")], attempt: 1));
        }
        using var reopened = JudgmentLog.Open(LogPath);
        Assert.Equal(["attempt 0", "attempt 1"], reopened.Attempts("7", null));
    }

    [Fact]
    public async Task Concurrent_asks_of_the_same_question_make_one_call()
    {
        var release = new TaskCompletionSource();
        var chat = new ScriptedChatClient(_ => { release.Task.Wait(); return "once"; });
        using var log = JudgmentLog.Open(LogPath);
        using var judge = new JudgeClient(chat, log);
        var first = Task.Run(() => judge.AskAsync("x", 3, [new ChatMessage(ChatRole.User, "q")]));
        var second = Task.Run(() => judge.AskAsync("x", 3, [new ChatMessage(ChatRole.User, "q")]));
        await Task.Delay(100);
        release.SetResult();
        Assert.Equal(["once", "once"], await Task.WhenAll(first, second));
        Assert.Equal(1, chat.Calls);
        Assert.Single(File.ReadAllLines(LogPath));
    }

    [Fact]
    public void A_torn_last_line_is_dropped_and_cut_from_the_file()
    {
        File.WriteAllText(LogPath, "{\"id\":\"a\",\"reply\":\"YES\"}\n{\"id\":\"b\",\"rep");
        using (var log = JudgmentLog.Open(LogPath))
        {
            Assert.Equal(1, log.Count);
            Assert.True(log.TryGet("a", null, 0, out string reply));
            Assert.Equal("YES", reply);
            Assert.False(log.TryGet("b", null, 0, out _));
        }
        Assert.Equal("{\"id\":\"a\",\"reply\":\"YES\"}\n", File.ReadAllText(LogPath));
    }

    [Fact]
    public void A_bad_line_names_file_line_and_field()
    {
        File.WriteAllText(LogPath, "{\"id\":\"a\",\"reply\":\"YES\"}\n{\"id\":\"b\",\"question\":-1,\"reply\":\"NO\"}\n");
        var e = Assert.Throws<JsonlException>(() => JudgmentLog.Open(LogPath));
        Assert.Contains(LogPath, e.Message);
        Assert.Contains("2", e.Message);
        Assert.Contains("question", e.Message);

        File.WriteAllText(LogPath, "{\"id\":5}\n");
        var missing = Assert.Throws<JsonlException>(() => JudgmentLog.Open(LogPath));
        Assert.Contains("reply", missing.Message);
    }

    [Fact]
    public async Task Without_a_judge_a_missing_reply_is_an_error_naming_the_item()
    {
        var log = JudgmentLog.InMemory();
        log.Append(new JudgeReply("known", 0, "YES"));
        using var judge = new JudgeClient(null, log);
        Assert.Equal("YES", await judge.AskAsync("known", 0, []));
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => judge.AskAsync("unknown", 2, []));
        Assert.Contains("item unknown, question 2", e.Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
