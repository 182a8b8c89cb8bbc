using System.Text;
using System.Text.Unicode;
using System.Text.Json;

namespace Raif.Core.Jsonl;

/// <summary>
/// Streams a UTF-8 JSONL file one object per line. Blank lines are skipped (as Python's JSON-lines readers do);
/// anything else that is not a JSON object is an error naming the file and line.
/// </summary>
public static class JsonlReader
{
    /// <summary>Reads every non-blank line of <paramref name="path"/> as a JSON object.</summary>
    public static IEnumerable<JsonlLine> ReadLines(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: file not found", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        foreach (var line in ReadLines(stream, path, cancellationToken))
            yield return line;
    }

    /// <summary>Reads UTF-8 JSONL from a stream; <paramref name="name"/> is used in error messages.</summary>
    public static IEnumerable<JsonlLine> ReadLines(Stream stream, string name, CancellationToken cancellationToken = default)
    {
        using var reader = new Utf8LineReader(stream);
        long lineNumber = 0;
        while (reader.TryReadLine(out var bytes))
        {
            cancellationToken.ThrowIfCancellationRequested();
            lineNumber++;
            if (IsBlank(bytes.Span))
                continue;
            yield return Parse(bytes, name, lineNumber);
        }
    }

    /// <summary>Reads JSONL from a text reader (already decoded); <paramref name="name"/> is used in error messages.</summary>
    public static IEnumerable<JsonlLine> ReadLines(TextReader reader, string name, CancellationToken cancellationToken = default)
    {
        long lineNumber = 0;
        while (reader.ReadLine() is { } text)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lineNumber++;
            if (string.IsNullOrWhiteSpace(text))
                continue;
            yield return Parse(Encoding.UTF8.GetBytes(text), name, lineNumber);
        }
    }

    /// <summary>
    /// Reads every non-blank line of <paramref name="path"/>; a line that is not a JSON object is yielded with its
    /// error instead of ending the stream, so that a caller can report it and go on with the next line.
    /// </summary>
    public static IEnumerable<JsonlEntry> ReadEntries(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: file not found", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new Utf8LineReader(stream);
        long lineNumber = 0;
        while (reader.TryReadLine(out var bytes))
        {
            cancellationToken.ThrowIfCancellationRequested();
            lineNumber++;
            if (IsBlank(bytes.Span))
                continue;
            var line = TryParse(bytes, path, lineNumber, out var error);
            yield return new JsonlEntry(lineNumber, line, error);
        }
    }

    private static JsonlLine Parse(ReadOnlyMemory<byte> bytes, string name, long lineNumber) =>
        TryParse(bytes, name, lineNumber, out var error) ?? throw error!;

    private static JsonlLine? TryParse(ReadOnlyMemory<byte> bytes, string name, long lineNumber, out JsonlException? error)
    {
        error = null;
        if (!Utf8.IsValid(bytes.Span))
        {
            error = new JsonlException(name, lineNumber, null, "not valid UTF-8");
            return null;
        }
        JsonElement value;
        try
        {
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 256 });
            value = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            error = new JsonlException(name, lineNumber, null, $"not valid JSON ({e.Message})", e);
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            error = new JsonlException(name, lineNumber, null, $"expected a JSON object, found {JsonKind.Describe(value.ValueKind)}");
            return null;
        }
        return new JsonlLine(name, lineNumber, value);
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                return false;
        }
        return true;
    }

    /// <summary>Reads and converts every line with <paramref name="parse"/>.</summary>
    public static IEnumerable<T> Read<T>(string path, Func<JsonlLine, T> parse, CancellationToken cancellationToken = default)
    {
        foreach (var line in ReadLines(path, cancellationToken))
            yield return parse(line);
    }
}
