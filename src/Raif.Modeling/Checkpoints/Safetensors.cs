using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Checkpoints;

/// <summary>One tensor's entry in a safetensors header.</summary>
public sealed record SafetensorsEntry(string Name, string DType, long[] Shape, long Begin, long End)
{
    public long ByteCount => End - Begin;
}

/// <summary>
/// The safetensors format: an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape
/// and byte range, then the raw little-endian bytes. Written by hand rather than with TorchSharp.PyBridge because
/// Raif needs to write BF16/F16 as stored (PyBridge writes what the module holds), to control the exact bytes for a
/// bit-exact round trip and to shard large checkpoints; the format is small enough that this is a few dozen lines.
/// </summary>
public static class Safetensors
{
    private const long MaxHeaderBytes = 100L << 20;

    /// <summary>Reads the header of <paramref name="path"/>; byte offsets are absolute file positions.</summary>
    public static IReadOnlyList<SafetensorsEntry> ReadHeader(string path)
    {
        using var stream = File.OpenRead(path);
        return ReadHeader(stream, path);
    }

    private static IReadOnlyList<SafetensorsEntry> ReadHeader(Stream stream, string path)
    {
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.ReadAtLeast(lengthBytes, 8, throwOnEndOfStream: false) != 8)
            throw new InvalidDataException($"{path}: not a safetensors file (shorter than 8 bytes)");
        long headerLength = BinaryPrimitives.ReadInt64LittleEndian(lengthBytes);
        if (headerLength <= 0 || headerLength > MaxHeaderBytes || 8 + headerLength > stream.Length)
            throw new InvalidDataException($"{path}: not a safetensors file (header length {headerLength})");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        JsonObject json;
        try
        {
            json = JsonNode.Parse(header) as JsonObject ?? throw new InvalidDataException($"{path}: safetensors header is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: safetensors header is not valid JSON ({e.Message})", e);
        }
        long dataStart = 8 + headerLength;
        var entries = new List<SafetensorsEntry>();
        foreach (var (name, node) in json)
        {
            if (name == "__metadata__")
                continue;
            if (node is not JsonObject t || t["dtype"] is not JsonValue dtype || t["shape"] is not JsonArray shape || t["data_offsets"] is not JsonArray offsets || offsets.Count != 2)
                throw new InvalidDataException($"{path}: tensor '{name}': malformed header entry");
            long begin = offsets[0]!.GetValue<long>() + dataStart, end = offsets[1]!.GetValue<long>() + dataStart;
            long[] dims = shape.Select(d => d!.GetValue<long>()).ToArray();
            string dt = dtype.GetValue<string>();
            long expected = dims.Aggregate(1L, (a, b) => a * b) * ElementSize(dt, name, path);
            if (end < begin || end > stream.Length || end - begin != expected)
                throw new InvalidDataException($"{path}: tensor '{name}': byte range [{begin - dataStart}, {end - dataStart}) does not hold {dt} {Shape(dims)}");
            entries.Add(new SafetensorsEntry(name, dt, dims, begin, end));
        }
        return entries;
    }

    /// <summary>Reads one tensor as stored (its own dtype) onto the CPU.</summary>
    public static Tensor ReadTensor(string path, SafetensorsEntry entry)
    {
        using var stream = File.OpenRead(path);
        return ReadTensor(stream, entry, path);
    }

    internal static Tensor ReadTensor(FileStream stream, SafetensorsEntry entry, string path)
    {
        var dtype = ToScalarType(entry.DType, entry.Name, path);
        var tensor = empty(entry.Shape, dtype);
        if (entry.ByteCount == 0)
            return tensor;
        if (entry.ByteCount > int.MaxValue)
            throw new InvalidDataException($"{path}: tensor '{entry.Name}' is larger than 2 GiB; split it across shards");
        var buffer = GC.AllocateUninitializedArray<byte>((int)entry.ByteCount);
        stream.Position = entry.Begin;
        stream.ReadExactly(buffer);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors reading assumes a little-endian machine");
        tensor.bytes = buffer;
        return tensor;
    }

    /// <summary>Reads every tensor of a file, as stored, keyed by name.</summary>
    public static Dictionary<string, Tensor> ReadAll(string path)
    {
        using var stream = File.OpenRead(path);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var entry in ReadHeader(stream, path))
            result[entry.Name] = ReadTensor(stream, entry, path);
        return result;
    }

    /// <summary>
    /// Writes tensors (in the order given, each as its own dtype) atomically, with HF's <c>{"format":"pt"}</c>
    /// metadata that transformers checks for.
    /// </summary>
    public static void Write(string path, IReadOnlyList<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        var meta = new JsonObject { ["format"] = "pt" };
        if (metadata is not null)
        {
            foreach (var (k, v) in metadata)
                meta[k] = v;
        }
        header["__metadata__"] = meta;
        long offset = 0;
        foreach (var (name, tensor) in tensors)
        {
            long bytes = tensor.NumberOfElements * tensor.ElementSize;
            header[name] = new JsonObject
            {
                ["dtype"] = DTypeName(tensor.dtype, name),
                ["shape"] = new JsonArray(tensor.shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
        int padded = (headerBytes.Length + 7) / 8 * 8;
        Raif.Core.Jsonl.AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(length, padded);
            stream.Write(length);
            stream.Write(headerBytes);
            for (int i = headerBytes.Length; i < padded; i++)
                stream.WriteByte((byte)' ');
            foreach (var (_, tensor) in tensors)
            {
                using var cpu = tensor.detach().cpu().contiguous();
                stream.Write(cpu.bytes);
            }
        });
    }

    public static ScalarType ToScalarType(string dtype, string name, string path) => dtype switch
    {
        "F32" => ScalarType.Float32,
        "BF16" => ScalarType.BFloat16,
        "F16" => ScalarType.Float16,
        "F64" => ScalarType.Float64,
        "I64" => ScalarType.Int64,
        "I32" => ScalarType.Int32,
        "I8" => ScalarType.Int8,
        "U8" => ScalarType.Byte,
        "BOOL" => ScalarType.Bool,
        _ => throw new InvalidDataException($"{path}: tensor '{name}': dtype {dtype} is not supported"),
    };

    public static string DTypeName(ScalarType type, string name = "") => type switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Float16 => "F16",
        ScalarType.Float64 => "F64",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new ArgumentException($"tensor '{name}': dtype {type} cannot be written to safetensors"),
    };

    private static long ElementSize(string dtype, string name, string path) => dtype switch
    {
        "F64" or "I64" => 8,
        "F32" or "I32" => 4,
        "BF16" or "F16" => 2,
        "I8" or "U8" or "BOOL" => 1,
        _ => throw new InvalidDataException($"{path}: tensor '{name}': dtype {dtype} is not supported"),
    };

    internal static string Shape(IEnumerable<long> dims) => "[" + string.Join(", ", dims) + "]";
}
