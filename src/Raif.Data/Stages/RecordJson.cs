using System.Text.Json;
using Raif.Core.Jsonl;

namespace Raif.Data.Stages;

/// <summary>A record written by its own writer method, as the JSON element a <see cref="StageOutcome"/> keeps.</summary>
public static class RecordJson
{
    public static JsonElement Of(Action<Utf8JsonWriter> write)
    {
        using var doc = JsonDocument.Parse(Bytes(write));
        return doc.RootElement.Clone();
    }

    /// <summary>The compact JSON text <paramref name="write"/> produces (JSONL's encoder), e.g. a target string.</summary>
    public static string Text(Action<Utf8JsonWriter> write) => System.Text.Encoding.UTF8.GetString(Bytes(write).Span);

    private static ReadOnlyMemory<byte> Bytes(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonlWriter.Options.Encoder }))
            write(json);
        return buffer.WrittenMemory;
    }
}
