using System.Text.Json;
using Raif.Core.Jsonl;

namespace Raif.Data.Stages;

/// <summary>
/// The append-only log of a stage: one line per finished input record, <c>{"id", "kept", "record"|"reason"}</c>,
/// written with one write and a flush as each result arrives, so a kill loses at most the records in flight. On
/// open, a last line without its newline (the process died while writing it) is cut off; a complete line that is
/// not a journal entry is an error naming the file and line. An id already in the journal is never appended again.
/// </summary>
public sealed class StageJournal : IDisposable
{
    private readonly Dictionary<string, JsonElement> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private AppendOnlyJsonl _file = null!;

    private StageJournal()
    {
    }

    public string Path => _file.Path;

    /// <summary>Bytes of a torn last line that were cut off when the journal was opened.</summary>
    public long RepairedBytes => _file.RepairedBytes;

    /// <summary>Finished entries by record id.</summary>
    public IReadOnlyDictionary<string, JsonElement> Entries => _entries;

    public static StageJournal Open(string path)
    {
        var journal = new StageJournal();
        journal._file = AppendOnlyJsonl.Open(path, journal.Load);
        return journal;
    }

    public bool Contains(string id)
    {
        lock (_gate)
            return _entries.ContainsKey(id);
    }

    /// <summary>Appends the outcome for <paramref name="id"/> unless the id is already recorded; returns whether it was written.</summary>
    public bool Append(string id, StageOutcome outcome)
    {
        lock (_gate)
        {
            if (_entries.ContainsKey(id))
                return false;
            var entry = new System.Buffers.ArrayBufferWriter<byte>();
            using (var json = new Utf8JsonWriter(entry))
                Write(json, id, outcome);
            using var doc = JsonDocument.Parse(entry.WrittenMemory);
            _file.Append(json => Write(json, id, outcome));
            _entries[id] = doc.RootElement.Clone();
            return true;
        }
    }

    public void Dispose() => _file?.Dispose();

    private static void Write(Utf8JsonWriter json, string id, StageOutcome outcome)
    {
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteBoolean("kept", outcome.IsKept);
        if (outcome.Record is { } record)
        {
            json.WritePropertyName("record");
            record.WriteTo(json);
        }
        else
        {
            json.WriteString("reason", outcome.DropReason ?? "dropped");
        }
        json.WriteEndObject();
    }

    private void Load(JsonlLine line)
    {
        string id = line.RequiredString("id");
        if (!line.Value.TryGetProperty("kept", out var kept) || kept.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            throw line.Error("kept", "missing or not a boolean: not a stage journal line");
        if (kept.GetBoolean() && !line.Value.TryGetProperty("record", out _))
            throw line.Error("record", "missing in a kept entry");
        _entries.TryAdd(id, line.Value.Clone());
    }
}
