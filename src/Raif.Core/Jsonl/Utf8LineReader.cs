using System.Buffers;

namespace Raif.Core.Jsonl;

/// <summary>
/// Splits a byte stream into lines without decoding it, so that an encoding error is reported on the line
/// where it occurs (a <see cref="StreamReader"/> decodes whole buffers ahead of the line being read).
/// </summary>
internal sealed class Utf8LineReader(Stream stream) : IDisposable
{
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    private readonly ArrayBufferWriter<byte> _line = new(1024);
    private int _start;
    private int _end;
    private bool _eof;
    private bool _first = true;

    /// <summary>The next line without its terminator (<c>\n</c> or <c>\r\n</c>); false at end of stream.</summary>
    public bool TryReadLine(out ReadOnlyMemory<byte> line)
    {
        _line.ResetWrittenCount();
        while (true)
        {
            if (_start == _end)
            {
                if (_eof || !Fill())
                {
                    _eof = true;
                    if (_line.WrittenCount == 0)
                    {
                        line = default;
                        return false;
                    }
                    line = Finish();
                    return true;
                }
            }
            int nl = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (nl < 0)
            {
                _line.Write(_buffer.AsSpan(_start, _end - _start));
                _start = _end;
                continue;
            }
            _line.Write(_buffer.AsSpan(_start, nl - _start));
            _start = nl + 1;
            line = Finish();
            return true;
        }
    }

    private ReadOnlyMemory<byte> Finish()
    {
        var span = _line.WrittenMemory;
        if (_first)
        {
            _first = false;
            if (span.Span.StartsWith("\uFEFF"u8))
                span = span[3..];
        }
        if (span.Length > 0 && span.Span[^1] == (byte)'\r')
            span = span[..^1];
        return span;
    }

    private bool Fill()
    {
        _start = 0;
        _end = stream.Read(_buffer, 0, _buffer.Length);
        return _end > 0;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
}
