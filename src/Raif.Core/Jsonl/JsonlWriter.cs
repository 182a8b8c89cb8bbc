using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Raif.Core.Jsonl;

/// <summary>
/// Writes a JSONL file atomically: lines go to a temporary file that replaces the target only on
/// <see cref="Commit"/>. Disposing without committing (an exception, a cancellation) deletes the temporary
/// file and leaves any previous file under the target name untouched.
/// </summary>
public sealed class JsonlWriter : IDisposable
{
    /// <summary>Serializer settings shared by every Raif JSONL file: snake_case names, raw UTF-8 (no \u escapes for CJK).</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    private readonly string _path;
    private readonly string _tempPath;
    private readonly FileStream _stream;
    private readonly Utf8JsonWriter _json;
    private bool _committed;
    private bool _disposed;

    public JsonlWriter(string path)
    {
        _path = System.IO.Path.GetFullPath(path);
        _tempPath = AtomicFile.TempPathFor(_path);
        _stream = new FileStream(_tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        _json = new Utf8JsonWriter(_stream, WriterOptions);
    }

    /// <summary>The final path the file will have after <see cref="Commit"/>.</summary>
    public string Path => _path;

    /// <summary>Number of lines written so far.</summary>
    public long Count { get; private set; }

    /// <summary>Writes one object serialized with <see cref="Options"/>.</summary>
    public void Write<T>(T value)
    {
        ThrowIfDone();
        JsonSerializer.Serialize(_json, value, Options);
        EndLine();
    }

    /// <summary>Writes one object built by hand with the JSON writer (exact field names and order).</summary>
    public void Write(Action<Utf8JsonWriter> writeObject)
    {
        ThrowIfDone();
        writeObject(_json);
        EndLine();
    }

    /// <summary>Flushes, syncs and renames the temporary file to the target.</summary>
    public void Commit()
    {
        ThrowIfDone();
        _json.Flush();
        _stream.Flush(flushToDisk: true);
        _json.Dispose();
        _stream.Dispose();
        File.Move(_tempPath, _path, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (!_committed)
        {
            _json.Dispose();
            _stream.Dispose();
            AtomicFile.TryDelete(_tempPath);
        }
    }

    private void EndLine()
    {
        _json.Flush();
        _stream.WriteByte((byte)'\n');
        _json.Reset();
        Count++;
    }

    private void ThrowIfDone()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
            throw new InvalidOperationException($"{_path}: already committed");
    }

    /// <summary>Writes all items to <paramref name="path"/> atomically.</summary>
    public static void WriteAll<T>(string path, IEnumerable<T> items)
    {
        using var writer = new JsonlWriter(path);
        foreach (var item in items)
            writer.Write(item);
        writer.Commit();
    }

    /// <summary>Encoding used by Raif text files: UTF-8 without a byte-order mark.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(false);
}
