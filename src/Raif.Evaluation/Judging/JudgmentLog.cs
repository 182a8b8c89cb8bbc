using System.Text.Json;
using Raif.Core.Jsonl;

namespace Raif.Evaluation.Judging;

/// <summary>
/// The judgments file (<c>{"id": ..., "question": ..., "reply": ...}</c> per line): read at start so that replies
/// already obtained are never asked for again, and appended to, one flushed line per reply, while a run goes on.
/// A crash can tear only the last line; a last line without its newline is treated as never written.
/// </summary>
public sealed class JudgmentLog : IDisposable
{
    private readonly Dictionary<(string Id, int? Question), List<string>> _replies = [];
    private readonly object _gate = new();
    private AppendOnlyJsonl? _append;

    /// <summary>The file appended to, or null for a log kept in memory only.</summary>
    public string? Path => _append?.Path;

    /// <summary>Number of replies held.</summary>
    public int Count { get; private set; }

    /// <summary>An empty log that is not written anywhere (replies given on the command line only, tests).</summary>
    public static JudgmentLog InMemory() => new();

    /// <summary>
    /// Opens <paramref name="path"/> for appending, first loading the replies it already holds. A torn last line
    /// (no trailing newline: the process died while writing it) is cut off; any other bad line is an error naming
    /// the file, line and field.
    /// </summary>
    public static JudgmentLog Open(string path)
    {
        var log = new JudgmentLog();
        log._append = AppendOnlyJsonl.Open(path, line => log.Add(Parse(line)));
        return log;
    }

    /// <summary>Loads replies from a read-only judgments file given by the user (never written to).</summary>
    public void Import(string path)
    {
        foreach (var line in JsonlReader.ReadLines(path))
            Add(Parse(line));
    }

    /// <summary>The stored reply for attempt <paramref name="attempt"/> (0-based) of this item and question, if any.</summary>
    public bool TryGet(string id, int? question, int attempt, out string reply)
    {
        lock (_gate)
        {
            if (_replies.TryGetValue((id, question), out var list) && attempt < list.Count)
            {
                reply = list[attempt];
                return true;
            }
        }
        reply = "";
        return false;
    }

    /// <summary>All stored attempts for this item and question, in order.</summary>
    public IReadOnlyList<string> Attempts(string id, int? question)
    {
        lock (_gate)
            return _replies.TryGetValue((id, question), out var list) ? [.. list] : [];
    }

    /// <summary>Stores a new reply as the next attempt and, for a file-backed log, appends and flushes it.</summary>
    public void Append(JudgeReply reply)
    {
        lock (_gate)
        {
            Add(reply);
            _append?.Append(json =>
            {
                json.WriteStartObject();
                json.WriteString("id", reply.Id);
                if (reply.Question is { } q)
                    json.WriteNumber("question", q);
                json.WriteString("reply", reply.Reply);
                json.WriteEndObject();
            });
        }
    }

    public void Dispose() => _append?.Dispose();

    private void Add(JudgeReply reply)
    {
        lock (_gate)
        {
            var key = (reply.Id, reply.Question);
            if (!_replies.TryGetValue(key, out var list))
                _replies[key] = list = [];
            list.Add(reply.Reply);
            Count++;
        }
    }

    private static JudgeReply Parse(JsonlLine line)
    {
        string id = line.StringOrRawJson("id") ?? throw line.Error("id", "missing");
        int? question = null;
        if (line.Value.TryGetProperty("question", out var q) && q.ValueKind != JsonValueKind.Null)
        {
            if (q.ValueKind != JsonValueKind.Number || !q.TryGetInt32(out int index) || index < 0)
                throw line.Error("question", "expected a non-negative integer");
            question = index;
        }
        return new JudgeReply(id, question, line.RequiredString("reply"));
    }
}
