using System.Text.Json;
using Raif.Core.Jsonl;

namespace Raif.Data.Stages;

/// <summary>A record written by its own writer method, as the JSON element a <see cref="StageOutcome"/> keeps.</summary>
public static class RecordJson
{
    public static JsonElement Of(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonlWriter.Options.Encoder }))
            write(json);
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return doc.RootElement.Clone();
    }
}
