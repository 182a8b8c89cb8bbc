using System.Text;
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
    private readonly FileStream _stream;
    private readonly Dictionary<string, JsonElement> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private StageJournal(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    public string Path { get; }

    /// <summary>Bytes of a torn last line that were cut off when the journal was opened.</summary>
    public long RepairedBytes { get; private set; }

    /// <summary>Finished entries by record id.</summary>
    public IReadOnlyDictionary<string, JsonElement> Entries => _entries;

    public static StageJournal Open(string path)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        var journal = new StageJournal(path, stream);
        try
        {
            journal.Load();
        }
        catch
        {
            stream.Dispose();
            throw;
        }
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
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonlWriter.Options.Encoder }))
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
        byte[] line = new byte[buffer.WrittenCount + 1];
        buffer.WrittenSpan.CopyTo(line);
        line[^1] = (byte)'\n';
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        lock (_gate)
        {
            if (_entries.ContainsKey(id))
                return false;
            _stream.Write(line);
            _stream.Flush();
            _entries[id] = doc.RootElement.Clone();
            return true;
        }
    }

    private void Load()
    {
        // Cut a torn last line: everything after the last newline.
        long length = _stream.Length;
        long keep = length;
        if (length > 0)
        {
            var one = new byte[1];
            keep = 0;
            for (long pos = length - 1; pos >= 0; pos--)
            {
                _stream.Position = pos;
                _stream.ReadExactly(one);
                if (one[0] == (byte)'\n')
                {
                    keep = pos + 1;
                    break;
                }
            }
        }
        if (keep < length)
        {
            RepairedBytes = length - keep;
            _stream.SetLength(keep);
        }
        _stream.Position = 0;
        foreach (var line in JsonlReader.ReadLines(new NonClosingStream(_stream), Path))
        {
            string id = line.RequiredString("id");
            if (!line.Value.TryGetProperty("kept", out var kept) || kept.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                throw line.Error("kept", "missing or not a boolean: not a stage journal line");
            if (kept.GetBoolean() && !line.Value.TryGetProperty("record", out _))
                throw line.Error("record", "missing in a kept entry");
            _entries.TryAdd(id, line.Value);
        }
        _stream.Position = _stream.Length;
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>Lets the JSONL reader read the journal without closing it.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

}
