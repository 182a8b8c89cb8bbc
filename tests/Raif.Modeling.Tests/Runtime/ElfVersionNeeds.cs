using System.Text;

namespace Raif.Modeling.Tests.Runtime;

/// <summary>
/// An independent reader of ELF64 version needs (the .gnu.version_r section), written from the ELF spec for
/// the test, to check what the build step did to libLibTorchSharp.so.
/// </summary>
internal static class ElfVersionNeeds
{
    public static bool IsWeak(string path, string versionName)
    {
        byte[] elf = File.ReadAllBytes(path);
        var span = elf.AsSpan();
        ulong shoff = BitConverter.ToUInt64(span[0x28..]);
        int shentsize = BitConverter.ToUInt16(span[0x3A..]);
        int shnum = BitConverter.ToUInt16(span[0x3C..]);
        for (int s = 0; s < shnum; s++)
        {
            int sh = (int)shoff + s * shentsize;
            if (BitConverter.ToUInt32(span[(sh + 4)..]) != 0x6ffffffe)
                continue;
            int offset = (int)BitConverter.ToUInt64(span[(sh + 0x18)..]);
            int link = (int)BitConverter.ToUInt32(span[(sh + 0x28)..]);
            int entries = (int)BitConverter.ToUInt32(span[(sh + 0x2C)..]);
            int strtab = (int)BitConverter.ToUInt64(span[((int)shoff + link * shentsize + 0x18)..]);
            int need = offset;
            for (int n = 0; n < entries; n++)
            {
                int aux = need + (int)BitConverter.ToUInt32(span[(need + 8)..]);
                for (int a = 0; a < BitConverter.ToUInt16(span[(need + 2)..]); a++)
                {
                    int name = strtab + (int)BitConverter.ToUInt32(span[(aux + 8)..]);
                    int end = Array.IndexOf(elf, (byte)0, name);
                    if (Encoding.ASCII.GetString(elf, name, end - name) == versionName)
                        return (BitConverter.ToUInt16(span[(aux + 4)..]) & 2) != 0;
                    aux += (int)BitConverter.ToUInt32(span[(aux + 12)..]);
                }
                need += (int)BitConverter.ToUInt32(span[(need + 12)..]);
            }
        }
        throw new InvalidDataException($"{path} has no version need {versionName}");
    }
}
