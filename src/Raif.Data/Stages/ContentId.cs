using System.Security.Cryptography;
using System.Text;

namespace Raif.Data.Stages;

/// <summary>
/// Content-addressed ids: the first 16 bytes of SHA-256 over the length-prefixed UTF-8 parts, as lower-case hex.
/// The same content always gets the same id, so a rerun recognises work already done.
/// </summary>
public static class ContentId
{
    public static string Of(params string[] parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var part in parts)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(part);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest[..16]);
    }
}
