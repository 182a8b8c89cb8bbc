using System.Text.Encodings.Web;
using System.Text.Json;

namespace Raif.Core.Jsonl;

/// <summary>
/// A JSONL file that a long run appends to, one flushed line per result, so that a restart reads back what is done
/// and carries on. A crash can tear only the last line: a last line without its newline is treated as never written
/// and cut from the file on open. Appends are serialised, so concurrent workers never interleave lines.
/// </summary>
public sealed class AppendOnlyJsonl : IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly FileStream _stream;
    private readonly object _gate = new();

    private AppendOnlyJsonl(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
    }

    public string Path { get; }

    /// <summary>Bytes of a torn last line that were cut off when the file was opened.</summary>
    public long RepairedBytes { get; private init; }

    /// <summary>
    /// Opens <paramref name="path"/> (creating it and its folder if needed), hands every complete line already in it
    /// to <paramref name="readExisting"/>, cuts a torn last line, and positions for appending. A line that is not a
    /// JSON object is an error naming the file and line.
    /// </summary>
    public static AppendOnlyJsonl Open(string path, Action<JsonlLine> readExisting)
    {
        string full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        long repaired = 0;
        if (File.Exists(full))
        {
            byte[] bytes = File.ReadAllBytes(full);
            int complete = bytes.AsSpan().LastIndexOf((byte)'\n') + 1;
            foreach (var line in JsonlReader.ReadLines(new MemoryStream(bytes, 0, complete, writable: false), full))
                readExisting(line);
            if (complete < bytes.Length)
            {
                repaired = bytes.Length - complete;
                using var truncate = new FileStream(full, FileMode.Open, FileAccess.Write);
                truncate.SetLength(complete);
            }
        }
        return new AppendOnlyJsonl(full, new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.Read)) { RepairedBytes = repaired };
    }

    /// <summary>Appends one object written by <paramref name="writeObject"/> and flushes it to disk.</summary>
    public void Append(Action<Utf8JsonWriter> writeObject)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
            writeObject(json);
        buffer.WriteByte((byte)'\n');
        lock (_gate)
        {
            _stream.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            _stream.Flush(flushToDisk: true);
        }
    }

    public void Dispose()
    {
        lock (_gate)
            _stream.Dispose();
    }
}
